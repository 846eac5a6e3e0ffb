"""``veribot show REF`` and ``veribot results`` say why each reason was given (issue 16),
masked, never a file path: a real SQLite pool holding a stored result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pool_contract import complete
from typer.testing import CliRunner, Result

from robotlib.cli.app import app
from robotlib.config import load_config
from robotlib.masking import mask_id_number
from robotlib.model import Decision, IdentityFields, ResultRecord, TaskStatus
from scheduler.pool import open_configured_pool
from tests.helpers.worker_tasks import NAME, NUMBER, application

DETAILS = {
    "DOC_INVALID": "back: image is truncated or corrupt (image file is truncated)",
    "ID_NUMBER_INVALID": "ID number check digit",
}


def veribot(config_file: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--config", str(config_file), *args])


@pytest.fixture
def stored(config_file: Path) -> Path:
    """A pool with SZ-1 decided: DOC_INVALID and ID_NUMBER_INVALID with their details."""
    with open_configured_pool(load_config(config_file)) as pool:
        pool.submit([application("SZ-1")])
        [task] = pool.claim("w-1", ["echo"], frozenset())
        result = ResultRecord(
            ref="SZ-1",
            status=TaskStatus.DONE,
            decision=Decision.REJECT,
            reasons=list(DETAILS),
            fields=IdentityFields(name=NAME, id_number=NUMBER),
            details=DETAILS,
            bot="echo",
            attempts=1,
        )
        assert complete(pool, task, result)
    return config_file


def test_show_names_each_reason_with_why(stored: Path) -> None:
    shown = veribot(stored, "show", "SZ-1")
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert "DOC_INVALID (back: image is truncated or corrupt" in text, text
    assert "ID_NUMBER_INVALID (ID number check digit)" in text, text
    assert NUMBER not in text, text
    assert NAME not in text, text


def test_show_json_is_the_masked_record_with_details(stored: Path) -> None:
    shown = veribot(stored, "show", "SZ-1", "--json")
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.output)
    assert record["details"] == DETAILS
    assert record["fields"]["id_number"] != NUMBER
    assert "error" not in record


def test_results_table_and_jsonl_carry_the_details(stored: Path) -> None:
    table = veribot(stored, "results")
    assert "ID number check digit" in " ".join(table.output.split()), table.output
    [line] = veribot(stored, "results", "--format", "jsonl").output.splitlines()
    assert json.loads(line)["details"] == DETAILS


def test_show_of_an_unknown_ref_is_one_clear_line(stored: Path) -> None:
    shown = veribot(stored, "show", "SZ-404")
    assert shown.exit_code == 1
    assert shown.stderr.strip() == (
        "error: SZ-404: no such application in the pool, or it has no result yet"
    )


def test_long_details_never_squeeze_the_masked_number_out_of_the_table(stored: Path) -> None:
    table = veribot(stored, "results")
    assert mask_id_number(NUMBER) in table.output, table.output
