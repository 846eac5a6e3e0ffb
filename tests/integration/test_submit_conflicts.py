"""A ref submitted again: the same content is a no-op, other content a conflict per record."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from robotlib.cli.app import app
from robotlib.model import TaskStatus
from scheduler.pool import SqlitePool
from tests.helpers.keys import session_keyring


def write(path: Path, *records: tuple[str, str]) -> Path:
    """One echo application per ``(ref, branch)``."""
    lines = [
        json.dumps(
            {
                "ref": ref,
                "kind": "echo",
                "branch": branch,
                "applicant": {"name": "张伟", "id_number": "440305199003071236"},
            },
            ensure_ascii=False,
        )
        for ref, branch in records
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def submit(config_file: Path, path: Path) -> Result:
    return CliRunner().invoke(app, ["--config", str(config_file), "submit", str(path)])


def test_a_changed_record_under_a_known_ref_is_reported_as_a_conflict(
    config_file: Path, tmp_path: Path
) -> None:
    first = submit(config_file, write(tmp_path / "a.jsonl", ("C-1", "shenzhen"), ("C-2", "x")))
    assert first.exit_code == 0, first.output

    again = submit(
        config_file,
        write(tmp_path / "a.jsonl", ("C-1", "shenzhen"), ("C-2", "beijing"), ("C-3", "x")),
    )

    assert again.exit_code == 1, again.output
    assert "submitted 1, duplicates 1, rejected 1 (conflicts 1)" in again.stdout
    assert "line 2 (C-2): ref: conflict: this ref was already submitted with other content" in (
        again.stderr
    )
    assert "line 1" not in again.stderr
    with SqlitePool(str(tmp_path / "var" / "pool.db"), keyring=session_keyring()) as pool:
        assert pool.counts()[TaskStatus.PENDING] == 3
        # the task keeps its first application: C-2 did not move to beijing
        assert pool.claim("test", ["echo"], [], pools=["beijing"]) == []


def test_the_same_file_twice_is_a_no_op(config_file: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", ("C-1", "shenzhen"), ("C-1", "shenzhen"))

    first = submit(config_file, path)
    again = submit(config_file, path)

    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    assert "submitted 0, duplicates 2, rejected 0 (conflicts 0)" in again.stdout


def test_a_ref_repeated_with_other_content_in_one_file_is_a_conflict(
    config_file: Path, tmp_path: Path
) -> None:
    path = write(tmp_path / "a.jsonl", ("C-1", "x"), ("C-1", "x"), ("C-1", "y"))

    result = submit(config_file, path)

    assert result.exit_code == 1, result.output
    assert "submitted 1, duplicates 1, rejected 1 (conflicts 1)" in result.stdout
    assert "line 3 (C-1): ref: conflict" in result.stderr
    assert "line 2" not in result.stderr
