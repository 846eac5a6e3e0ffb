*** Settings ***
Documentation       One application verified inline (real OCR), an ID card read, and registry
...                 queries limited to the robot's grants.
Resource            ../veribot.resource
Library             robotlib.VeribotLibrary    grants=ocr,source:gov_identity    AS    Narrow
Suite Setup         Three Applicants With Photos


*** Tasks ***
Verify One Application Inline
    ${expected}=    Evaluate
    ...    {e["ref"]: e for e in map(json.loads, open(r"${WORLD}${/}expected.jsonl"))}    modules=json
    ${application}=    Evaluate    json.loads(open(r"${WORLD}${/}applications.jsonl").readline())
    ...    modules=json
    ${line}=    Evaluate    json.dumps($application, ensure_ascii=False)    modules=json
    Create File    ${WORLD}${/}one.json    ${line}    encoding=UTF-8
    ${result}=    robotlib.VeribotLibrary.Verify Application    ${WORLD}${/}one.json
    Should Be Equal    ${result.decision.value}    ${expected}[${application}[ref]][decision]
    Should Be Equal    ${result.fields.id_number}    ${application}[applicant][id_number]
    ${pending}=    robotlib.VeribotLibrary.Get Results
    Length Should Be    ${pending}    0    msg=inline verification stores nothing

Read An ID Card
    ${approved}=    Evaluate
    ...    {e["ref"] for e in map(json.loads, open(r"${WORLD}${/}expected.jsonl")) if e["decision"] == "approve"}
    ...    modules=json
    ${application}=    Evaluate
    ...    [a for a in map(json.loads, open(r"${WORLD}${/}applications.jsonl")) if a["ref"] in approved][0]
    ...    modules=json    namespace=${{ {"approved": $approved} }}
    ${card}=    robotlib.VeribotLibrary.Read ID Card    ${WORLD}${/}${application}[documents][id_front]
    Should Be Equal    ${card}[id_number]    ${application}[applicant][id_number]
    ${back}=    robotlib.VeribotLibrary.Read ID Card    ${WORLD}${/}${application}[documents][id_back]    side=back
    Dictionary Should Contain Key    ${back}    valid_to

Query Sources Within The Grants
    ${application}=    Evaluate    json.loads(open(r"${WORLD}${/}applications.jsonl").readline())
    ...    modules=json
    ${record}=    Narrow.Query Source    gov_identity    id_number=${application}[applicant][id_number]
    Should Be Equal    ${record}[id_number]    ${application}[applicant][id_number]
    ${none}=    Narrow.Query Source    gov_identity    id_number=110105194912310029
    Should Be Equal    ${none}    ${None}
    Run Keyword And Expect Error    this robot lacks scope 'source:telecom'*
    ...    Narrow.Query Source    telecom    phone=13800138000


*** Keywords ***
Three Applicants With Photos
    ${world}=    robotlib.VeribotLibrary.Create Sandbox World    ${OUTPUT DIR}${/}inline    people=3    seed=5
    robotlib.VeribotLibrary.Use Veribot Config    ${world}${/}veribot.toml
    Narrow.Use Veribot Config    ${world}${/}veribot.toml
    Set Suite Variable    ${WORLD}    ${world}
