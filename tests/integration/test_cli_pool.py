"""The pool commands through the CLI: submit, run, status, results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from robotlib.cli.app import app
from robotlib.model import ResultRecord

NAME, NUMBER = "张伟", "440305199003071236"


def record(ref: str, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "ref": ref,
        "kind": "echo",
        "applicant": {"name": NAME, "id_number": NUMBER},
        "documents": {"id_front": f"images/{ref}-front.jpg"},
    }
    data.update(changes)
    return data


@pytest.fixture
def applications(tmp_path: Path) -> Path:
    nameless = record("SZ-2")
    nameless["applicant"] = {"id_number": NUMBER}
    lines = [
        record("SZ-1"),
        nameless,
        record("SZ-3", segment="review"),
        record("SZ-4", kind="corporate_account"),
        record("SZ-5"),
    ]
    path = tmp_path / "batch" / "applications.jsonl"
    path.parent.mkdir()
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    return path


def veribot(config_file: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--config", str(config_file), *args])


def test_submit_keeps_good_records_and_names_bad_ones(
    config_file: Path, applications: Path
) -> None:
    result = veribot(config_file, "submit", str(applications))

    assert result.exit_code == 1, result.output
    assert "submitted 3, duplicates 0, rejected 2" in result.stdout
    assert "line 2 (SZ-2): applicant.name: required field is missing" in result.stderr
    assert "line 4 (SZ-4): kind: no installed bot handles kind 'corporate_account'" in result.stderr
    status = json.loads(veribot(config_file, "status", "--json").stdout)
    assert status["totals"] == {
        "pending": 3,
        "running": 0,
        "done": 0,
        "failed": 0,
        "dead": 0,
        "cancelled": 0,
    }


def test_submitting_again_adds_nothing(config_file: Path, applications: Path) -> None:
    veribot(config_file, "submit", str(applications))

    again = veribot(config_file, "submit", str(applications))

    assert "submitted 0, duplicates 3" in again.stdout
    assert json.loads(veribot(config_file, "status", "--json").stdout)["totals"]["pending"] == 3


def test_a_clean_file_exits_zero(config_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "good.jsonl"
    path.write_text(json.dumps(record("SZ-9")) + "\n", encoding="utf-8")

    result = veribot(config_file, "submit", str(path))

    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_unreadable_input_is_one_line_without_traceback(config_file: Path, tmp_path: Path) -> None:
    result = veribot(config_file, "submit", str(tmp_path / "apps.docx"))
    missing = veribot(config_file, "submit", str(tmp_path / "apps.xlsx"))

    assert result.exit_code == 1
    assert "cannot read .docx files" in result.stderr
    assert "Traceback" not in result.output
    assert missing.exit_code == 1
    assert "apps.xlsx does not exist" in missing.stderr
    assert "Traceback" not in missing.output


def test_unsupported_database_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "veribot.toml"
    path.write_text('[database]\nurl = "postgresql://bot@db/veribot"\n', encoding="utf-8")

    result = veribot(path, "status")

    assert result.exit_code == 1
    assert "PostgreSQL" in result.stderr
    assert "Traceback" not in result.output


def test_run_then_results_as_jsonl_and_masked_table(config_file: Path, applications: Path) -> None:
    veribot(config_file, "submit", str(applications))

    ran = veribot(config_file, "run", "--workers", "1", "--until-empty")
    jsonl = veribot(config_file, "results", "--format", "jsonl")
    table = veribot(config_file, "results", "--format", "table", "--status", "done")

    assert ran.exit_code == 0, ran.output
    assert "done 3, dead 0, remaining 0" in ran.stdout
    records = [ResultRecord.model_validate_json(line) for line in jsonl.stdout.splitlines()]
    assert [(r.ref, r.status, r.decision) for r in records] == [
        ("SZ-1", "done", "approve"),
        ("SZ-3", "done", "review"),
        ("SZ-5", "done", "approve"),
    ]
    assert records[0].fields.id_number == "440305********1236"  # masked unless --unmask
    assert records[0].fields.name == "张*"
    assert NAME not in jsonl.stdout
    assert NUMBER not in jsonl.stdout
    assert table.exit_code == 0, table.output
    assert "SZ-3" in table.stdout
    assert "张*" in table.stdout
    assert "440305********1236" in table.stdout
    assert NAME not in table.stdout
    assert NUMBER not in table.stdout
    status = json.loads(veribot(config_file, "status", "--json").stdout)
    assert (status["totals"]["done"], status["totals"]["pending"]) == (3, 0)


def test_results_can_be_filtered_by_status(config_file: Path, applications: Path) -> None:
    veribot(config_file, "submit", str(applications))

    pending = veribot(config_file, "results", "--format", "jsonl", "--status", "pending")
    done = veribot(config_file, "results", "--format", "jsonl", "--status", "done")

    assert [json.loads(line)["ref"] for line in pending.stdout.splitlines()] == [
        "SZ-1",
        "SZ-3",
        "SZ-5",
    ]
    assert done.stdout == ""
