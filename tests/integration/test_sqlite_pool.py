"""The task pool contract, run against a real SQLite file.

``PoolContract`` holds backend-independent tests (real time, short leases); a backend's test
class inherits it and provides the ``pool`` fixture.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from robotlib.model import Application, Decision, ReasonCode, ResultRecord, Task, TaskStatus
from scheduler.errors import PoolSchemaError, UnsupportedDatabase
from scheduler.pool import SqlitePool, TaskPool, open_pool

HELD = frozenset({"ocr", "source:gov_identity"})


def application(ref: str, *, kind: str = "echo", priority: str | None = None) -> Application:
    return Application.model_validate(
        {
            "ref": ref,
            "kind": kind,
            "priority": priority,
            "applicant": {"name": "张伟", "id_number": "440305199003071236"},
            "documents": {"id_front": "/data/images/front.jpg"},
        }
    )


def done(task: Task) -> ResultRecord:
    return ResultRecord(
        ref=task.ref,
        status=TaskStatus.DONE,
        decision=Decision.APPROVE,
        bot=task.kind,
        attempts=task.attempts,
    )


class PoolContract:
    """What every TaskPool backend must do."""

    def claim(self, pool: TaskPool, limit: int = 1, lease: float = 30.0) -> list[Task]:
        return pool.claim("test-worker", ["echo", "plain"], HELD, limit, lease)

    def expire(self, pool: TaskPool) -> Task:
        """Claim the only pending task with a lease that is over at once."""
        [task] = self.claim(pool, lease=0.01)
        time.sleep(0.05)
        return task

    def test_submit_is_idempotent_on_ref(self, pool: TaskPool) -> None:
        first = pool.submit([application("A-1"), application("A-2")])
        second = pool.submit([application("A-2"), application("A-3"), application("A-3")])

        assert first.submitted == ["A-1", "A-2"] and first.duplicates == []
        assert second.submitted == ["A-3"]
        assert second.duplicates == ["A-2", "A-3"]
        assert pool.counts()[TaskStatus.PENDING] == 3

    def test_claim_order_is_priority_then_fifo(self, pool: TaskPool) -> None:
        pool.submit(
            [
                application("L-1", priority="low"),
                application("N-1", priority="normal"),
                application("H-1", priority="high"),
                application("N-2", priority="normal"),
                application("H-2", priority="high"),
            ]
        )

        first_two = [task.ref for task in self.claim(pool, limit=2)]
        rest = [task.ref for task in self.claim(pool, limit=10)]

        assert first_two == ["H-1", "H-2"]
        assert rest == ["N-1", "N-2", "L-1"]

    def test_claim_returns_the_application_and_a_fresh_lease(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        [first] = self.claim(pool)
        pool.fail(first, "try again", retry_in=0)
        [second] = self.claim(pool)

        assert first.application == application("A-1")
        assert first.lease_token != second.lease_token

    def test_attempts_count_at_claim_time(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        [first] = self.claim(pool)
        assert first.attempts == 1
        assert pool.fail(first, "try again", retry_in=0) is TaskStatus.PENDING
        [second] = self.claim(pool)
        assert second.attempts == 2

    def test_a_claimed_task_is_not_claimed_again(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        assert len(self.claim(pool)) == 1
        assert self.claim(pool) == []
        assert pool.counts()[TaskStatus.RUNNING] == 1

    def test_counts_by_status_and_kind(self, pool: TaskPool) -> None:
        pool.submit([application("E-1"), application("E-2"), application("P-1", kind="plain")])
        self.claim(pool)  # E-1

        assert pool.counts() == {
            TaskStatus.PENDING: 2,
            TaskStatus.RUNNING: 1,
            TaskStatus.DONE: 0,
            TaskStatus.FAILED: 0,
            TaskStatus.DEAD: 0,
        }
        assert pool.counts(["plain"])[TaskStatus.PENDING] == 1
        assert pool.counts(["plain"])[TaskStatus.RUNNING] == 0

    def test_claim_filters_on_kind(self, pool: TaskPool) -> None:
        pool.submit([application("A-1", kind="echo")])
        assert pool.claim("w", ["other"], HELD) == []
        assert [t.ref for t in pool.claim("w", ["echo"], HELD)] == ["A-1"]

    def test_claim_needs_every_scope_of_the_task(self, pool: TaskPool) -> None:
        pool.submit(
            [application("E-1", kind="echo"), application("P-1", kind="plain")],
            {"echo": {"ocr", "source:gov_identity"}, "plain": set()},
        )

        with_ocr_only = pool.claim("w1", ["echo", "plain"], {"ocr"}, limit=10)
        with_both = pool.claim("w2", ["echo", "plain"], {"ocr", "source:gov_identity", "x"}, 10)

        assert [t.ref for t in with_ocr_only] == ["P-1"]
        assert [t.ref for t in with_both] == ["E-1"]

    def test_expired_lease_is_requeued_and_claimed_again(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        self.expire(pool)

        assert pool.requeue_expired() == 1
        assert pool.counts()[TaskStatus.PENDING] == 1
        [again] = self.claim(pool)
        assert again.attempts == 2

    def test_heartbeat_keeps_the_lease(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        [task] = self.claim(pool, lease=0.2)

        assert pool.heartbeat(task, lease_seconds=30)
        time.sleep(0.3)
        assert pool.requeue_expired() == 0
        assert pool.complete(task, done(task))

    def test_complete_twice_stores_one_result(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        [task] = self.claim(pool)
        rejected = done(task).model_copy(update={"decision": Decision.REJECT})

        assert pool.complete(task, done(task)) is True
        assert pool.complete(task, rejected) is False
        [result] = pool.results()
        assert result.decision is Decision.APPROVE
        assert pool.counts()[TaskStatus.DONE] == 1

    def test_a_lost_lease_cannot_complete_or_fail(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        stale = self.expire(pool)
        pool.requeue_expired()
        [current] = self.claim(pool)

        assert pool.heartbeat(stale) is False
        assert pool.complete(stale, done(stale)) is False
        assert pool.fail(stale, "late failure", retry_in=0) is None
        assert pool.complete(current, done(current)) is True
        [result] = pool.results()
        assert result.attempts == 2

    def test_retry_waits_for_its_time(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        [task] = self.claim(pool)
        pool.fail(task, "source down", retry_in=60)

        assert self.claim(pool) == []
        assert pool.pending_count() == 1
        assert pool.pending_count(["other"]) == 0

    def test_dead_after_max_attempts_with_a_review_result(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")], max_attempts=2)
        [first] = self.claim(pool)
        assert pool.fail(first, "source down", 0, [ReasonCode.SOURCE_UNAVAILABLE]) is (
            TaskStatus.PENDING
        )
        [second] = self.claim(pool)
        status = pool.fail(second, "source down", 0, [ReasonCode.SOURCE_UNAVAILABLE])

        assert status is TaskStatus.DEAD
        assert self.claim(pool) == []
        [result] = pool.results()
        assert result.status is TaskStatus.DEAD
        assert result.decision is Decision.REVIEW
        assert result.reasons == [ReasonCode.SOURCE_UNAVAILABLE]
        assert result.attempts == 2
        assert result.error == "source down"

    def test_expired_lease_on_the_last_attempt_is_dead(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")], max_attempts=1)
        self.expire(pool)

        assert pool.requeue_expired() == 1
        [result] = pool.results()
        assert result.status is TaskStatus.DEAD
        assert result.decision is Decision.REVIEW
        assert result.error is not None and "lease" in result.error

    def test_results_cover_every_task_ordered_by_ref(self, pool: TaskPool) -> None:
        pool.submit([application("C-1"), application("A-1"), application("B-1")])
        [task] = self.claim(pool)  # C-1, first submitted
        pool.complete(task, done(task))

        records = list(pool.results())
        finished = list(pool.results(TaskStatus.DONE))

        assert [(r.ref, r.status) for r in records] == [
            ("A-1", TaskStatus.PENDING),
            ("B-1", TaskStatus.PENDING),
            ("C-1", TaskStatus.DONE),
        ]
        assert [r.ref for r in finished] == ["C-1"]

    def test_timings_record_submission_claim_and_finish(self, pool: TaskPool) -> None:
        before = time.time()
        pool.submit([application("A-1"), application("B-1")])
        [task] = self.claim(pool)
        pool.complete(task, done(task))

        finished, waiting = pool.timings()

        assert finished.ref == "A-1"
        assert finished.started_at is not None and finished.finished_at is not None
        assert before <= finished.created_at <= finished.started_at <= finished.finished_at
        assert finished.latency is not None and finished.latency >= 0
        assert (waiting.ref, waiting.started_at, waiting.finished_at) == ("B-1", None, None)


class TestSqlitePool(PoolContract):
    @pytest.fixture
    def pool(self, tmp_path: Path) -> Iterator[TaskPool]:
        with SqlitePool(tmp_path / "pool.db") as pool:
            yield pool

    def test_concurrent_claimers_never_share_a_task(self, tmp_path: Path) -> None:
        path = tmp_path / "pool.db"
        with SqlitePool(path) as pool:
            pool.submit([application(f"A-{i:03}") for i in range(200)])
        claimed: list[list[str]] = [[], [], []]

        def drain(index: int) -> None:
            with SqlitePool(path) as own:
                while tasks := own.claim(f"w{index}", ["echo"], HELD, limit=3):
                    claimed[index].extend(task.ref for task in tasks)

        threads = [threading.Thread(target=drain, args=(i,)) for i in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        everything = [ref for refs in claimed for ref in refs]
        assert len(everything) == 200
        assert len(set(everything)) == 200

    def test_a_file_of_another_schema_version_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "pool.db"
        SqlitePool(path).close()
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA user_version = 99")

        with pytest.raises(PoolSchemaError, match="schema version 99"):
            SqlitePool(path)

    def test_open_pool_makes_the_folder_of_a_sqlite_url(self, tmp_path: Path) -> None:
        with open_pool(f"sqlite:///{tmp_path}/var/pool.db") as pool:
            assert pool.counts()[TaskStatus.PENDING] == 0
        assert (tmp_path / "var" / "pool.db").is_file()


def test_open_pool_refuses_postgresql_without_echoing_the_password() -> None:
    with pytest.raises(UnsupportedDatabase, match="PostgreSQL") as raised:
        open_pool("postgresql://bot:s3cret@db.example/veribot")
    assert "s3cret" not in str(raised.value)


def test_open_pool_refuses_unknown_schemes() -> None:
    with pytest.raises(UnsupportedDatabase, match="'mysql'"):
        open_pool("mysql://db.example/veribot")
