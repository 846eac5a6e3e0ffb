*** Settings ***
Documentation       An employer's CSV with its own headers: mapped columns, defaults, and a
...                 malformed row that is reported by row and field without blocking the others.
Resource            ../veribot.resource
Suite Setup         Use A Fresh Pool    ${OUTPUT DIR}${/}intake


*** Variables ***
${FILE}     ${OUTPUT DIR}${/}intake${/}staff.csv


*** Tasks ***
Mapped Columns, Defaults And Own Headers
    Create File    ${FILE}
    ...    Staff No,Employee Full Name,ID Card No.,Mobile,Dept\n
    ...    encoding=UTF-8
    Append To File    ${FILE}    A-1,Zhang Wei,440305199003071236,13800138000,HR\n
    Append To File    ${FILE}    A-2,Li Na,11010519491231002,13900139000,IT\n
    Append To File    ${FILE}    A-3,Wang Fang,11010519491231002X,,IT\n
    ${summary}=    Submit Applications    ${FILE}
    ...    columns=${{ {"Staff No": "ref", "Employee Full Name": "applicant.name"} }}
    ...    defaults=${{ {"branch": "chengdu"} }}
    ...    report=${OUTPUT DIR}${/}intake${/}validation.csv
    # a wrong check digit is the bot's business (ID_NUMBER_INVALID), not a malformed row
    Should Be Equal As Integers    ${summary.submitted}    3
    Should Be Equal As Integers    ${summary.rejected}    0
    Lists Should Be Equal    ${summary.refs}    ${{ ["A-1", "A-2", "A-3"] }}
    ${results}=    Get Results    status=pending
    Length Should Be    ${results}    3

Submitting Again Is A No-op And Bad Rows Are Reported
    Append To File    ${FILE}    A-4,Zhao Lei,,13700137000,IT\n
    # the same defaults as before: the same rows are the same applications
    ${summary}=    Submit Applications    ${FILE}
    ...    columns=${{ {"Staff No": "ref", "Employee Full Name": "applicant.name"} }}
    ...    defaults=${{ {"branch": "chengdu"} }}
    ...    report=${OUTPUT DIR}${/}intake${/}validation.csv
    Should Be Equal As Integers    ${summary.submitted}    0
    Should Be Equal As Integers    ${summary.duplicates}    3
    Should Be Equal As Integers    ${summary.rejected}    1
    ${error}=    Set Variable    ${summary.errors}[0]
    Should Be Equal As Integers    ${error.line}    5
    Should Be Equal    ${error.field}    applicant.id_number
    Should Be Equal    ${error.column}    ID Card No.
    ${report}=    Get File    ${OUTPUT DIR}${/}intake${/}validation.csv    encoding=UTF-8-SIG
    Should Contain    ${report}    5,A-4,applicant.id_number,ID Card No.,required field is missing
