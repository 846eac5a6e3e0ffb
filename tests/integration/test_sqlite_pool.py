"""The task pool contract against a real SQLite file, and what only SQLite pools do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pool_contract import PoolContract, application, claim, complete, done

from robotlib.model import Decision, TaskStatus
from scheduler.db.migrations import migrations
from scheduler.errors import PoolSchemaError, UnsupportedDatabase
from scheduler.pool import SqlitePool, open_pool
from tests.helpers.keys import session_keyring


class TestSqlitePool(PoolContract):
    @pytest.fixture
    def pool_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path}/pool.db"


def version_1_file(path: Path) -> None:
    """A pool file as the walking skeleton left it: one done, one pending, one retrying."""
    with sqlite3.connect(path) as db:
        db.executescript(migrations("sqlite")[0].sql + "\nPRAGMA user_version = 1;")
        payload = application("X").model_dump_json()
        db.executemany(
            "INSERT INTO tasks (ref, kind, pool, priority, payload, status, attempts, not_before,"
            " created_at, updated_at, finished_at) VALUES (?, 'echo', 'default', ?, ?, ?, ?, ?,"
            " ?, ?, ?)",
            [
                ("DONE", "normal", payload, "done", 1, 0, 100.0, 101.0, 101.0),
                ("LOW", "low", payload, "pending", 0, 0, 200.0, 200.0, None),
                ("RETRY", "high", payload, "pending", 1, 0, 300.0, 301.0, None),
            ],
        )
        db.execute(
            "INSERT INTO results (ref, payload, decision, created_at) VALUES (?, ?, ?, ?)",
            ("DONE", '{"ref": "DONE", "status": "done", "decision": "approve"}', "approve", 101.0),
        )


def test_a_version_1_file_is_migrated_with_its_tasks_and_results(tmp_path: Path) -> None:
    path = tmp_path / "pool.db"
    version_1_file(path)

    with SqlitePool(path, keyring=session_keyring()) as pool:
        [result] = pool.results(TaskStatus.DONE)
        # claim keys of old tasks follow the default aging: LOW (t=200 + 2 x 60) after RETRY
        claimed = claim(pool, limit=10)
        assert pool.cancel(["LOW"]) == []  # running now: the new statuses work
        pool.fail(claimed[0], "still down", retry_in=60)

    assert (result.ref, result.decision) == ("DONE", Decision.APPROVE)
    assert [task.ref for task in claimed] == ["RETRY", "LOW"]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(migrations("sqlite"))
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_opening_a_current_file_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "pool.db"
    with SqlitePool(path, keyring=session_keyring()) as pool:
        pool.submit([application("A-1")])

    with SqlitePool(path, keyring=session_keyring()) as pool:
        [task] = claim(pool)
        assert complete(pool, task, done(task))


def test_a_file_of_a_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pool.db"
    SqlitePool(path, keyring=session_keyring()).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")

    with pytest.raises(PoolSchemaError, match="schema version 99"):
        SqlitePool(path, keyring=session_keyring())


def test_open_pool_makes_the_folder_of_a_sqlite_url(tmp_path: Path) -> None:
    with open_pool(f"sqlite:///{tmp_path}/var/pool.db") as pool:
        assert pool.counts()[TaskStatus.PENDING] == 0
    assert (tmp_path / "var" / "pool.db").is_file()


def test_open_pool_refuses_unknown_schemes() -> None:
    with pytest.raises(UnsupportedDatabase, match="'mysql'"):
        open_pool("mysql://db.example/veribot")
