"""Merchant applications end to end: a merchant world, submitted and verified by real worker
processes with real OCR of licence and ID card photos, agreeing with the world's answers."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from robotlib.demo.agreement import compare, read_expected
from robotlib.model import Decision, TaskStatus
from tests.helpers.cli_run import exported_results, veribot, verified_world

MERCHANTS, SEED = 20, 6


@pytest.fixture(scope="module")
def merchant_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("merchants")
    options = ("--people", "0", "--merchants", str(MERCHANTS), "--seed", str(SEED))
    return verified_world(out, *options)


@pytest.mark.ocr
def test_every_merchant_gets_the_expected_decision_and_reasons(merchant_world: Path) -> None:
    got = exported_results(merchant_world)
    assert {r.status for r in got} == {TaskStatus.DONE}
    assert {r.bot for r in got} == {"merchant_account"}
    expected = read_expected(merchant_world / "expected.jsonl")
    agreement = compare(expected, got)
    assert agreement.total == MERCHANTS
    assert agreement.missing == []
    assert agreement.false_approvals == []
    assert agreement.disagreements == [], agreement.disagreements
    # the seed gives approvals, reviews and rejections, so agreement means something
    assert {e.decision for e in expected.values()} == set(Decision)


@pytest.mark.ocr
def test_approved_merchants_carry_the_representatives_card_fields(merchant_world: Path) -> None:
    records = {
        json.loads(line)["ref"]: json.loads(line)
        for line in (merchant_world / "applications.jsonl").read_text("utf-8").splitlines()
    }
    approved = [r for r in exported_results(merchant_world) if r.decision is Decision.APPROVE]
    assert approved
    for result in approved:
        applicant = records[result.ref]["applicant"]
        assert (result.fields.name, result.fields.id_number) == (
            applicant["name"],
            applicant["id_number"],
        ), result.ref


@pytest.mark.ocr
def test_no_representative_data_in_plaintext_in_the_pool_or_the_logs(merchant_world: Path) -> None:
    records = [
        json.loads(line)
        for line in (merchant_world / "applications.jsonl").read_text("utf-8").splitlines()
    ]
    secrets = {
        value
        for record in records
        for value in (record["applicant"]["name"], record["applicant"]["id_number"])
    }
    database = merchant_world / "veribot.db"
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stored = database.read_bytes().decode("utf-8", "replace")
    log = (merchant_world / "run.log").read_text("utf-8")
    assert "list hit" in log or "unreadable" in log  # the log does speak of the findings
    assert sorted(s for s in secrets if s in stored or s in log) == []


@pytest.mark.ocr
def test_the_fresh_pool_seeded_the_enterprise_registry_scope(merchant_world: Path) -> None:
    listed = veribot("--config", str(merchant_world / "veribot.toml"), "robots", "list", "--json")
    assert listed.exit_code == 0, listed.output
    [robot] = [json.loads(line) for line in listed.output.splitlines()]
    assert "source:enterprise_registry" in robot["scopes"]["*"], robot
