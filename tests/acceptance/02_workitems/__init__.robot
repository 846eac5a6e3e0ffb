*** Settings ***
Documentation       100 veribot tasks for a robot that knows only RPA.Robocorp.WorkItems: the
...                 adapter is chosen by RPA_WORKITEMS_ADAPTER before the robot's suite imports
...                 the WorkItems library.
Resource            ../veribot.resource
Suite Setup         Submit 100 Applications For The Robot


*** Keywords ***
Submit 100 Applications For The Robot
    ${folder}=    Set Variable    ${OUTPUT DIR}${/}workitems
    Remove Directory    ${folder}    recursive=True
    ${world}=    Create Sandbox World    ${folder}    people=100    seed=21    photos=${False}
    Use Veribot Config    ${world}${/}veribot.toml
    ${summary}=    Submit Applications    ${world}${/}applications.jsonl
    Should Be Equal As Integers    ${summary.submitted}    100
    Set Environment Variable    VERIBOT_CONFIG    ${world}${/}veribot.toml
    Set Environment Variable    RPA_WORKITEMS_ADAPTER
    ...    robotlib.library.workitems_adapter.VeribotAdapter
    Set Suite Variable    ${WORLD}    ${world}    children=${True}
