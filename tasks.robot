*** Settings ***
Documentation       The overnight batch verification that cron runs: ``robot --rpa tasks.robot``.
...
...                 Reads the inbox folder (employers' Excel or CSV files, each with its ID
...                 photos in ``<name>-images/`` or ``<name>-images.zip``), submits every good
...                 row (bad rows go to a validation report with row, field and reason),
...                 verifies everything with worker processes, writes ``results.xlsx`` and
...                 ``report.md`` into ``${OUT}`` (Robot Framework's ``--outputdir``) and moves
...                 the processed files to ``${INBOX}/processed/<run>``. A zip of photos is
...                 unpacked into the pool's private work folder and removed once submitted
...                 (the pool keeps sealed copies): the run leaves nothing else behind.
...
...                 Without ``--variable INBOX:path`` the task makes itself a synthetic inbox
...                 of ``${PEOPLE}`` applicants (with ``${MALFORMED}`` bad rows) and checks
...                 the decisions against the world's expected answers: this is what
...                 ``make test`` runs. Set ``CONFIG`` to the veribot.toml of the real pool.
Library             Collections
Library             robotlib.VeribotLibrary


*** Variables ***
${INBOX}            ${EMPTY}
${CONFIG}           ${EMPTY}
${EXPECTED}         ${EMPTY}
${OUT}              ${OUTPUT DIR}
${WORKERS}          2
${PEOPLE}           500
${MALFORMED}        1
${SEED}             7
# the generated run requires every decision to be the expected one (and never allows a
# false approval); lower it to tolerate OCR sending a clean applicant to review now and then
${MIN_AGREEMENT}    1.0
# refs of the rows made malformed on purpose (generated inbox only)
${MALFORMED_REFS}    ${None}


*** Tasks ***
Verify The Batch Inbox
    [Setup]    Prepare The Inbox
    @{batches}=    Find Inbox Batches    ${INBOX}
    IF    not $batches    Pass Execution    Nothing in ${INBOX} to verify.
    @{summaries}=    Create List
    @{refs}=    Create List
    FOR    ${batch}    IN    @{batches}
        ${photos}=    Unpack Batch Images    ${batch}
        TRY
            ${summary}=    Submit Applications    ${batch.file}    images=${photos}
            ...    report=${OUT}${/}${batch.file.stem}-validation.xlsx
        FINALLY
            Remove Unpacked Images    ${photos}
        END
        Append To List    ${summaries}    ${summary}
        Append To List    ${refs}    @{summary.refs}
    END
    # submitted: the pool holds the applications and their photos, so no run takes them again
    ${stamp}=    Evaluate    datetime.datetime.now().strftime("%Y%m%d-%H%M%S")    modules=datetime
    Move Batches Aside    ${batches}    ${INBOX}${/}processed${/}${stamp}
    ${run}=    Run Verification Batch    workers=${WORKERS}
    Should Be Equal As Integers    ${run.remaining}    0    msg=tasks left in the pool
    ${results}=    Get Results    refs=${refs}
    Export Results To Excel    ${OUT}${/}results.xlsx    refs=${refs}
    Write Batch Report    ${OUT}${/}report.md    ${summaries}    ${results}
    IF    $EXPECTED    Check Against Expected    ${summaries}


*** Keywords ***
Prepare The Inbox
    [Documentation]    Use ``${CONFIG}`` and ``${INBOX}``; without an inbox, generate one.
    IF    $CONFIG    Use Veribot Config    ${CONFIG}
    IF    $INBOX    RETURN
    ${sandbox}=    Create Sandbox Inbox    ${OUT}${/}sandbox    people=${PEOPLE}
    ...    seed=${SEED}    malformed=${MALFORMED}
    ${world}=    Set Variable    ${OUT}${/}sandbox${/}world
    Use Veribot Config    ${world}${/}veribot.toml
    Set Task Variable    ${INBOX}    ${sandbox.file.parent}
    Set Task Variable    ${EXPECTED}    ${world}${/}expected.jsonl
    Set Task Variable    ${MALFORMED_REFS}    ${sandbox.malformed}

Check Against Expected
    [Documentation]    The workbook's decisions are the expected ones; rejected rows were
    ...    reported with their row number and the ID number field (the generated inbox's
    ...    malformed rows, exactly), and have no result.
    [Arguments]    ${summaries}
    @{rejected}=    Create List
    FOR    ${summary}    IN    @{summaries}
        FOR    ${error}    IN    @{summary.errors}
            Should Be Equal    ${error.field}    applicant.id_number
            Should Be True    ${error.line} > 2    msg=a data row, below the title and header
            Append To List    ${rejected}    ${error.ref}
        END
    END
    IF    $MALFORMED_REFS is not None
        Lists Should Be Equal    ${rejected}    ${MALFORMED_REFS}    ignore_order=True
    END
    Workbook Decisions Should Match Expected    ${OUT}${/}results.xlsx    ${EXPECTED}
    ...    skip=${rejected}    min_agreement=${MIN_AGREEMENT}
