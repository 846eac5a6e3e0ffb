"""The whole product as an operator drives it: world, submit, run, results (real OCR).

Worker processes run the real ``personal_account`` bot on rendered, photographed cards; the
world's seed gives every kind of photo fault (absent, corrupt, covered), so each document
reason is produced by its condition, and every other reason by its registry or card fault.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from robotlib.demo.agreement import compare, read_expected
from robotlib.masking import mask_id_number
from robotlib.model import TaskStatus
from tests.helpers import cli_run
from tests.helpers.cli_run import exported_results, veribot

PEOPLE, SEED = 20, 11


@pytest.fixture(scope="module")
def verified_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("e2e")
    return cli_run.verified_world(out, "--people", str(PEOPLE), "--seed", str(SEED))


@pytest.mark.ocr
def test_every_application_gets_the_expected_decision_and_reasons(verified_world: Path) -> None:
    got = exported_results(verified_world)
    assert {r.status for r in got} == {TaskStatus.DONE}
    agreement = compare(read_expected(verified_world / "expected.jsonl"), got)
    assert agreement.missing == []
    assert agreement.disagreements == [], agreement.disagreements
    assert agreement.total == PEOPLE


@pytest.mark.ocr
def test_document_faults_give_document_reasons_not_crashes(verified_world: Path) -> None:
    expected = read_expected(verified_world / "expected.jsonl")
    by_ref = {r.ref: r for r in exported_results(verified_world)}
    for code in ("DOC_MISSING", "DOC_INVALID", "OCR_UNREADABLE"):
        refs = [ref for ref, e in expected.items() if code in e.reasons]
        assert refs, f"seed {SEED} has no {code} case"
        for ref in refs:
            assert code in by_ref[ref].reasons, (ref, by_ref[ref].reasons)
            assert by_ref[ref].attempts == 1, ref


@pytest.mark.ocr
def test_fields_read_from_clean_cards_match_the_registry(verified_world: Path) -> None:
    with (verified_world / "gov_identity.csv").open(encoding="utf-8", newline="") as handle:
        registry = {row["id_number"]: row for row in csv.DictReader(handle)}
    approved = [r for r in exported_results(verified_world) if r.decision == "approve"]
    assert approved
    for result in approved:
        row = registry[result.fields.id_number or ""]
        assert (result.fields.name, result.fields.birth_date) == (row["name"], row["birth_date"])


@pytest.mark.ocr
def test_people_read_masked_tables(verified_world: Path) -> None:
    table = veribot("--config", str(verified_world / "veribot.toml"), "results")
    assert table.exit_code == 0, table.output
    for result in exported_results(verified_world):
        number = result.fields.id_number
        if number and len(number) == 18:
            assert number not in table.output
            assert mask_id_number(number) in table.output


@pytest.mark.ocr
def test_status_counts_every_application_as_done(verified_world: Path) -> None:
    status = veribot("--config", str(verified_world / "veribot.toml"), "status", "--json")
    assert status.exit_code == 0, status.output
    counts = json.loads(status.output)
    assert counts["totals"]["done"] == PEOPLE, counts


@pytest.mark.ocr
def test_no_applicant_data_in_plaintext_in_the_pool_file_or_the_logs(verified_world: Path) -> None:
    applicants = [
        json.loads(line)["applicant"]
        for line in (verified_world / "applications.jsonl").read_text("utf-8").splitlines()
    ]
    secrets = {
        value
        for applicant in applicants
        for value in (applicant.get("name"), applicant.get("id_number"), applicant.get("phone"))
        if value
    }
    database = verified_world / "veribot.db"
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stored = database.read_bytes().decode("utf-8", "replace")
    log = (verified_world / "run.log").read_text("utf-8")

    assert len(secrets) >= 2 * PEOPLE
    assert "decided" in log or "approve" in log  # the log does speak of the applications
    leaked = sorted(s for s in secrets if s in stored or s in log)
    assert leaked == []
