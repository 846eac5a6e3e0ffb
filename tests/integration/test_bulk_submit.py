"""Submitting a batch in one go (scheduler/pool/bulk_insert.py): what the batch path must keep.

The contract suite covers idempotence and conflicts; these tests hold what the one-statement
insert could get wrong: documents and scopes of the right tasks, submission order within a
batch, one round trip per call on PostgreSQL, and a ref that a concurrent submit commits
while the statement waits.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from robotlib.model import Application
from scheduler.pool import PostgresPool, SqlitePool, open_pool
from scheduler.pool.sql import TASK_PURPOSE, SqlPool
from tests.helpers.keys import session_keyring

HELD = ["ocr", "source:gov_identity"]


def application(ref: str, *, kind: str = "echo", front: Path | None = None) -> Application:
    documents = {} if front is None else {"id_front": str(front)}
    return Application.model_validate(
        {
            "ref": ref,
            "kind": kind,
            "branch": "default",
            "applicant": {"name": "张伟", "id_number": "440305199003071236"},
            "documents": documents,
        }
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def pool(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlPool]:
    """A pool of each backend."""
    if request.param == "sqlite":
        with SqlitePool(tmp_path / "pool.db", keyring=session_keyring()) as sqlite:
            yield sqlite
    else:
        url = request.getfixturevalue("postgres_url")
        with PostgresPool(url, keyring=session_keyring()) as postgres:
            yield postgres


def test_a_batch_is_claimed_in_submission_order(pool: SqlPool) -> None:
    refs = [f"B-{n:03}" for n in range(120, 0, -1)]  # not in ref order

    pool.submit([application(ref) for ref in refs])

    claimed = [task.ref for task in pool.claim("w", ["echo"], HELD, limit=200)]
    assert claimed == refs


def test_each_task_of_a_batch_gets_the_scopes_of_its_kind(pool: SqlPool) -> None:
    scopes = {"echo": ["ocr", "ocr"], "other": ["source:telecom"]}

    pool.submit([application("E-1"), application("O-1", kind="other")], scopes)

    assert pool.claim("w", ["echo", "other"], ["ocr"], limit=10)[0].ref == "E-1"
    assert pool.claim("w", ["echo", "other"], ["ocr"], limit=10) == []
    assert [t.ref for t in pool.claim("w", ["other"], ["source:telecom"])] == ["O-1"]


def test_documents_are_kept_for_new_tasks_only(pool: SqlPool, tmp_path: Path) -> None:
    front = tmp_path / "front.jpg"
    front.write_bytes(b"first image")
    pool.submit([application("D-1", front=front)])
    front.write_bytes(b"swapped image")

    again = pool.submit([application("D-1", front=front), application("D-2", front=front)])

    assert again.duplicates == ["D-1"]
    assert again.submitted == ["D-2"]
    assert pool.documents("D-1") == {"id_front": b"first image"}
    assert pool.documents("D-2") == {"id_front": b"swapped image"}


def test_a_batch_is_one_round_trip_on_postgresql(postgres_url: str) -> None:
    with (
        PostgresPool(postgres_url, keyring=session_keyring()) as pool,
        tempfile.TemporaryFile("w+") as trace,
    ):
        pool.submit([application("WARM-UP")])
        conn = pool.postgres._conn
        assert conn is not None
        conn.pgconn.trace(trace.fileno())
        try:
            first = pool.submit([application(f"T-{n:03}") for n in range(100)])
            again = pool.submit([application("T-000"), application("T-100")])
        finally:
            conn.pgconn.untrace()
        trace.seek(0)
        round_trips = trace.read().count("ReadyForQuery")

    assert len(first.submitted) == 100
    assert again.duplicates == ["T-000"]
    assert round_trips == 2, f"{round_trips} round trips for two submit calls"


def wait_for_a_lock_wait(url: str, timeout: float = 10.0) -> None:
    """Return once a session of the database waits for a row lock (the submit's insert)."""
    give_up = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as watcher:
        while time.monotonic() < give_up:
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.01)
    raise AssertionError("the submit never waited for the other transaction's row")


def test_a_ref_committed_meanwhile_by_another_submit_is_checked(postgres_url: str) -> None:
    """The statement waits for the other transaction's row, skips it, and cannot see it in
    its own snapshot: the pool reads it afterwards and reports the conflict."""
    mine = application("RACE-1")
    theirs = application("RACE-1", kind="other")
    with (
        open_pool(postgres_url, keyring=session_keyring()) as pool,
        psycopg.connect(postgres_url) as other,
    ):
        assert isinstance(pool, PostgresPool)
        other.execute(
            "INSERT INTO tasks (ref, kind, pool, priority, payload, claim_key, deadline,"
            " created_at, updated_at) VALUES ('RACE-1', 'other', 'default', 'normal', %s,"
            " 0, 0, 0, 0)",
            [pool.seal(theirs.model_dump_json(), TASK_PURPOSE)],
        )
        reports = []
        submitter = threading.Thread(target=lambda: reports.append(pool.submit([mine])))
        submitter.start()
        wait_for_a_lock_wait(postgres_url)
        other.commit()
        submitter.join(10)

    assert [(r.submitted, r.duplicates, r.conflicts) for r in reports] == [([], [], ["RACE-1"])]
