*** Settings ***
Documentation     veribot RPA tasks. Run with: robot --rpa tasks.robot
...               The batch-verification task that cron runs lands here with the
...               Robot Framework library; for now the suite checks that the robot host
...               is installed and its built-in bots are loaded.
Library           Process

*** Tasks ***
Veribot Is Installed With Its Built-in Bot
    ${result}=    Run Process    veribot    plugins    --json
    Should Be Equal As Integers    ${result.rc}    0    msg=${result.stderr}
    Should Contain    ${result.stdout}    bots.personal_account
    Should Contain    ${result.stdout}    register_bots
