*** Settings ***
Documentation       An ordinary work-item robot: for each input it checks the applicant against
...                 the government identity registry and reports reasons in an output item.
Library             RPA.Robocorp.WorkItems
Library             robotlib.VeribotLibrary


*** Tasks ***
Consume Every Input Work Item
    ${processed}=    For Each Input Work Item    Check Applicant In The Registry
    Length Should Be    ${processed}    100

The Outputs Landed As Results
    ${results}=    Get Results    status=done
    Length Should Be    ${results}    100
    ${expected}=    Evaluate
    ...    [json.loads(line) for line in open(r"${WORLD}${/}expected.jsonl", encoding="utf-8")]
    ...    modules=json
    ${by_ref}=    Evaluate    {r.ref: r for r in $results}
    ${unknown}=    Set Variable    ${0}
    FOR    ${want}    IN    @{expected}
        ${got}=    Set Variable    ${by_ref}[${want}[ref]]
        Should Be Equal    ${got.bot}    workitems
        IF    "GOV_NOT_FOUND" in $want["reasons"]
            Should Be Equal    ${got.decision.value}    reject
            Should Contain    ${got.reasons}    GOV_NOT_FOUND
            ${unknown}=    Evaluate    ${unknown} + 1
        END
        IF    not $got.reasons
            Should Be Equal    ${got.decision.value}    approve
        END
    END
    Should Be True    ${unknown} > 0    msg=the world has applicants unknown to the registry


*** Keywords ***
Check Applicant In The Registry
    ${application}=    Get Work Item Payload
    ${applicant}=    Set Variable    ${application}[applicant]
    ${record}=    Query Source    gov_identity    id_number=${applicant}[id_number]
    IF    $record is None
        ${reasons}=    Create List    GOV_NOT_FOUND
    ELSE IF    $record["name"] != $applicant["name"]
        ${reasons}=    Create List    GOV_MISMATCH
    ELSE
        ${reasons}=    Create List
    END
    Create Output Work Item    variables=${{ {"reasons": $reasons} }}    save=${True}
    Release Input Work Item    DONE
