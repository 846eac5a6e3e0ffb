"""The task pool contract: what every ``TaskPool`` backend must do, against a real database.

``PoolContract`` holds every behavioural test (real time, short leases and aging periods); a
backend's test class inherits it and provides the ``pool_url`` fixture. Pools are opened with
``open_pool`` from that URL, as the workers and the CLI open them.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from robotlib.config import PoolConfig
from robotlib.model import Application, Decision, ReasonCode, ResultRecord, Task, TaskStatus
from robotlib.model.task import TRANSITIONS
from scheduler.db import Transaction
from scheduler.db.migrations import migrations
from scheduler.pool import AtRisk, TaskPool, open_pool

HELD = frozenset({"ocr", "source:gov_identity"})
#: the identity number of an applicant other than ``application``'s
OTHER_ID = "11010519491231002X"
#: short aging periods so that a test can wait for a task to age
AGING = PoolConfig(aging_seconds=0.1)

MakePool = Callable[..., TaskPool]


def application(
    ref: str,
    *,
    kind: str = "echo",
    priority: str | None = None,
    branch: str = "default",
    deadline: float | None = None,
    segment: str | None = None,
) -> Application:
    """An application of the ``echo`` test bot; ``segment`` steers it (tests/helpers)."""
    return Application.model_validate(
        {
            "ref": ref,
            "kind": kind,
            "branch": branch,
            "priority": priority,
            "segment": segment,
            "deadline": None if deadline is None else datetime.fromtimestamp(deadline, UTC),
            "applicant": {"name": "张伟", "id_number": "440305199003071236"},
            "documents": {"id_front": "/data/images/front.jpg"},
        }
    )


def with_fields(app: Application, **fields: object) -> Application:
    """``app`` with other ``fields``, validated as a record read from a file is."""
    return Application.model_validate(app.model_dump(mode="json") | fields)


def done(task: Task) -> ResultRecord:
    return ResultRecord(
        ref=task.ref,
        status=TaskStatus.DONE,
        decision=Decision.APPROVE,
        bot=task.kind,
        attempts=task.attempts,
    )


#: what ``complete_many_with`` runs in its transaction
Also = Callable[[Transaction, list[bool]], object]


def no_record(tx: Transaction, stored: list[bool]) -> None:
    """Nothing written beside the results."""


def complete_many(pool: TaskPool, finished: list[tuple[Task, ResultRecord]]) -> list[bool]:
    """Store ``finished`` in one transaction, with nothing beside them."""
    return pool.complete_many_with(finished, no_record)


def complete(pool: TaskPool, task: Task, result: ResultRecord) -> bool:
    """Store one result, with nothing beside it: whether it was stored."""
    [stored] = complete_many(pool, [(task, result)])
    return stored


def waiting(pool: TaskPool, kinds: list[str] | None = None) -> int:
    """Tasks waiting to be claimed (pending or failed), of ``kinds`` (None: every kind)."""
    counts = pool.counts(kinds)
    return counts[TaskStatus.PENDING] + counts[TaskStatus.FAILED]


def claim(
    pool: TaskPool, limit: int = 1, lease: float = 30.0, pools: list[str] | None = None
) -> list[Task]:
    return pool.claim("test-worker", ["echo", "plain"], HELD, limit, lease, pools)


def refs(tasks: list[Task]) -> list[str]:
    return [task.ref for task in tasks]


def drain_in_process(url: str, worker: str, claimed: multiprocessing.Queue[list[str]]) -> None:
    """Claim until nothing is left, from a process of its own; report what was claimed."""
    mine: list[str] = []
    with open_pool(url) as pool:
        while tasks := pool.claim(worker, ["echo"], HELD, limit=2):
            mine.extend(refs(tasks))
    claimed.put(mine)


class PoolContract:
    """What every TaskPool backend must do. Subclasses provide the ``pool_url`` fixture."""

    @pytest.fixture
    def make_pool(self, pool_url: str) -> Iterator[MakePool]:
        """Open another pool on the same database (another worker, another process's view)."""
        opened: list[TaskPool] = []

        def make(config: PoolConfig | None = None) -> TaskPool:
            opened.append(open_pool(pool_url, config))
            return opened[-1]

        yield make
        for pool in opened:
            pool.close()

    @pytest.fixture
    def pool(self, make_pool: MakePool) -> TaskPool:
        return make_pool()

    def expire(self, pool: TaskPool) -> Task:
        """Claim the only waiting task with a lease that is over at once."""
        [task] = claim(pool, lease=0.01)
        time.sleep(0.05)
        return task

    def dead_task(self, pool: TaskPool, ref: str) -> None:
        """Submit ``ref`` with one attempt and fail it: dead."""
        pool.submit([application(ref)], max_attempts=1)
        [task] = claim(pool)
        assert pool.fail(task, "source down", 0) is TaskStatus.DEAD

    # submission

    def test_submit_is_idempotent_on_ref(self, pool: TaskPool) -> None:
        first = pool.submit([application("A-1"), application("A-2")])
        second = pool.submit([application("A-2"), application("A-3"), application("A-3")])

        assert first.submitted == ["A-1", "A-2"]
        assert first.duplicates == []
        assert second.submitted == ["A-3"]
        assert second.duplicates == ["A-2", "A-3"]
        assert pool.counts()[TaskStatus.PENDING] == 3

    def test_a_ref_submitted_again_with_other_content_is_a_conflict(self, pool: TaskPool) -> None:
        pool.submit([application("A-1"), application("A-2")])
        again = pool.submit(
            [
                application("A-1"),
                application("A-2", priority="high"),
                application("A-3"),
                application("A-3", segment="changed"),
                application("A-3"),
            ]
        )

        assert again.submitted == ["A-3"]
        assert again.duplicates == ["A-1", "A-3"]
        assert again.conflicts == ["A-2", "A-3"]
        tasks = {task.ref: task for task in claim(pool, limit=10)}
        # each task keeps the application it was first submitted with
        assert tasks["A-2"].application.priority is not None
        assert tasks["A-2"].application.priority.value == "normal"
        assert tasks["A-3"].application.segment is None

    def test_a_postponed_task_waits_for_its_time(self, pool: TaskPool) -> None:
        pool.submit([application("LATER")], not_before=time.time() + 0.3)
        pool.submit([application("NOW")])

        assert refs(claim(pool, limit=10)) == ["NOW"]
        time.sleep(0.35)
        assert refs(claim(pool)) == ["LATER"]

    # claim order

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

        first_two = refs(claim(pool, limit=2))
        rest = refs(claim(pool, limit=10))

        assert first_two == ["H-1", "H-2"]
        assert rest == ["N-1", "N-2", "L-1"]

    def test_a_low_task_older_than_two_aging_periods_beats_a_new_high_one(
        self, make_pool: MakePool
    ) -> None:
        pool = make_pool(AGING)
        pool.submit(
            [
                application("H-OLD", priority="high"),
                application("N-OLD", priority="normal"),
                application("L-OLD", priority="low"),
            ]
        )
        time.sleep(2.5 * AGING.aging_seconds)
        pool.submit([application("H-NEW", priority="high"), application("N-NEW")])

        assert refs(claim(pool, limit=10)) == ["H-OLD", "N-OLD", "L-OLD", "H-NEW", "N-NEW"]

    def test_a_near_deadline_goes_before_higher_priorities(self, pool: TaskPool) -> None:
        soon = time.time() + 10
        pool.submit(
            [
                application("H-1", priority="high"),
                application("N-1", priority="normal"),
                application("N-DUE", priority="normal", deadline=soon),
                application("L-LATER", priority="low", deadline=soon + 3600),
            ]
        )

        assert refs(claim(pool, limit=10)) == ["N-DUE", "H-1", "N-1", "L-LATER"]

    # filters

    def test_claim_filters_on_kind(self, pool: TaskPool) -> None:
        pool.submit([application("A-1", kind="echo")])
        assert pool.claim("w", ["other"], HELD) == []
        assert refs(pool.claim("w", ["echo"], HELD)) == ["A-1"]

    def test_claim_filters_on_pools(self, pool: TaskPool) -> None:
        pool.submit(
            [
                application("SZ-1", branch="shenzhen"),
                application("BJ-1", branch="beijing"),
                application("GZ-1", branch="guangzhou"),
            ]
        )

        assert claim(pool, limit=10, pools=[]) == []
        assert refs(claim(pool, limit=10, pools=["beijing", "nowhere"])) == ["BJ-1"]
        assert refs(claim(pool, limit=10, pools=None)) == ["SZ-1", "GZ-1"]

    def test_claim_needs_every_scope_of_the_task(self, pool: TaskPool) -> None:
        pool.submit(
            [application("E-1", kind="echo"), application("P-1", kind="plain")],
            {"echo": {"ocr", "source:gov_identity"}, "plain": set()},
        )

        with_ocr_only = pool.claim("w1", ["echo", "plain"], {"ocr"}, limit=10)
        with_both = pool.claim("w2", ["echo", "plain"], {"ocr", "source:gov_identity", "x"}, 10)

        assert refs(with_ocr_only) == ["P-1"]
        assert refs(with_both) == ["E-1"]

    # leases and attempts

    def test_claim_returns_the_application_and_a_fresh_lease(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        [first] = claim(pool)
        pool.fail(first, "try again", retry_in=0)
        [second] = claim(pool)

        assert first.application == application("A-1")
        assert first.lease_token != second.lease_token

    def test_attempts_count_at_claim_time(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        [first] = claim(pool)
        assert first.attempts == 1
        assert pool.fail(first, "try again", retry_in=0) is TaskStatus.FAILED
        [second] = claim(pool)
        assert second.attempts == 2

    def test_a_claimed_task_is_not_claimed_again(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        assert len(claim(pool)) == 1
        assert claim(pool) == []
        assert pool.counts()[TaskStatus.RUNNING] == 1

    def test_expired_lease_is_requeued_and_claimed_again(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        self.expire(pool)

        assert pool.requeue_expired() == 1
        assert pool.counts()[TaskStatus.PENDING] == 1
        [again] = claim(pool)
        assert again.attempts == 2

    def test_a_task_given_back_unstarted_keeps_its_attempts(self, pool: TaskPool) -> None:
        pool.submit([application("A-1"), application("A-2")])
        [retried] = claim(pool)
        pool.fail(retried, "try again", retry_in=0)
        tasks = claim(pool, limit=2)
        assert sorted((t.ref, t.attempts) for t in tasks) == [("A-1", 2), ("A-2", 1)]

        assert pool.give_back(tasks) == 2
        assert pool.give_back(tasks) == 0  # no longer leased: left alone
        counts = pool.counts()
        assert (counts[TaskStatus.FAILED], counts[TaskStatus.PENDING]) == (1, 1)
        again = claim(pool, limit=2)
        assert sorted((t.ref, t.attempts) for t in again) == [("A-1", 2), ("A-2", 1)]

    def test_heartbeat_keeps_the_lease(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        [task] = claim(pool, lease=0.2)

        assert pool.heartbeat(task, lease_seconds=30)
        time.sleep(0.3)
        assert pool.requeue_expired() == 0
        assert complete(pool, task, done(task))

    def test_complete_twice_stores_one_result(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        [task] = claim(pool)
        rejected = done(task).model_copy(update={"decision": Decision.REJECT})

        assert complete(pool, task, done(task)) is True
        assert complete(pool, task, rejected) is False
        [result] = pool.results()
        assert result.decision is Decision.APPROVE
        assert pool.counts()[TaskStatus.DONE] == 1

    def test_complete_many_with_stores_each_held_lease_and_skips_a_lost_one(
        self, pool: TaskPool
    ) -> None:
        pool.submit([application("A-1")])
        stale = self.expire(pool)
        pool.requeue_expired()
        pool.submit([application("A-2"), application("A-3")])
        tasks = claim(pool, limit=3)
        assert sorted(refs(tasks)) == ["A-1", "A-2", "A-3"]

        stored = complete_many(pool, [(stale, done(stale))] + [(t, done(t)) for t in tasks])

        assert stored == [False, True, True, True]
        assert [(r.ref, r.attempts) for r in pool.results()] == [
            ("A-1", 2),
            ("A-2", 1),
            ("A-3", 1),
        ]
        assert complete_many(pool, [(tasks[0], done(tasks[0]))]) == [False]

    def test_complete_many_with_a_task_twice_stores_one_result_and_the_others(
        self, pool: TaskPool
    ) -> None:
        pool.submit([application("A-1"), application("A-2")])
        first, second = claim(pool, limit=2)
        rejected = done(first).model_copy(update={"decision": Decision.REJECT})

        stored = complete_many(
            pool, [(first, done(first)), (first, rejected), (second, done(second))]
        )

        assert stored == [True, False, True]
        assert [(r.ref, r.decision) for r in pool.results()] == [
            ("A-1", Decision.APPROVE),
            ("A-2", Decision.APPROVE),
        ]

    def test_complete_and_claim_stores_the_batch_and_leases_the_next_best(
        self, pool: TaskPool
    ) -> None:
        pool.submit([application("A-1"), application("A-2")])
        pool.submit([application("B-1"), application("B-2", priority="high")])
        first = claim(pool, limit=2)
        assert refs(first) == ["B-2", "A-1"]

        stored, following = pool.complete_and_claim(
            [(t, done(t)) for t in first], "test-worker", ["echo"], HELD, limit=5
        )

        assert stored == [True, True]
        assert refs(following) == ["A-2", "B-1"]
        assert [t.attempts for t in following] == [1, 1]
        assert [r.ref for r in pool.results(TaskStatus.DONE)] == ["A-1", "B-2"]
        assert pool.counts()[TaskStatus.RUNNING] == 2
        assert all(pool.heartbeat(t) for t in following)  # fresh leases

    def test_complete_and_claim_skips_a_lost_lease_and_a_second_result(
        self, pool: TaskPool
    ) -> None:
        pool.submit([application("A-1")])
        stale = self.expire(pool)
        pool.requeue_expired()
        pool.submit([application("A-2"), application("A-3")])
        tasks = claim(pool, limit=2)
        current = next(t for t in tasks if t.ref == "A-1")
        other = next(t for t in tasks if t.ref != "A-1")
        pool.submit([application("A-4")])

        stored, following = pool.complete_and_claim(
            [(stale, done(stale)), (current, done(current)), (current, done(current))],
            "test-worker",
            ["echo"],
            HELD,
            limit=5,
        )

        assert stored == [False, True, False]
        assert sorted(refs(following)) == sorted({"A-2", "A-3", "A-4"} - {other.ref})
        assert [r.ref for r in pool.results(TaskStatus.DONE)] == ["A-1"]

    def test_complete_and_claim_with_nothing_finished_or_nothing_wanted(
        self, pool: TaskPool
    ) -> None:
        pool.submit([application("A-1"), application("A-2")])
        stored, [task] = pool.complete_and_claim([], "test-worker", ["echo"], HELD)
        assert stored == []

        stored, none = pool.complete_and_claim([(task, done(task))], "test-worker", [], HELD)

        assert (stored, none) == ([True], [])
        assert pool.counts()[TaskStatus.PENDING] == 1
        with pytest.raises(ValueError, match="limit"):
            pool.complete_and_claim([], "test-worker", ["echo"], HELD, limit=0)

    def test_complete_and_claim_runs_its_record_with_the_results_and_the_claim(
        self, pool: TaskPool
    ) -> None:
        pool.submit([application(f"A-{i}") for i in range(1, 6)])
        first, second = claim(pool, limit=2)
        seen: list[list[bool]] = []

        def record(tx: Transaction, stored: list[bool]) -> None:
            seen.append(stored)
            tx.run("policy_rule_add", ptype="p", v0=f"stored {stored}", v1="*", v2="x", v3="")

        def broken(tx: Transaction, stored: list[bool]) -> None:
            raise RuntimeError("the record cannot be written")

        stored, following = pool.complete_and_claim(
            [(first, done(first)), (first, done(first))],
            "test-worker",
            ["echo"],
            HELD,
            2,
            also=record,
        )
        with pytest.raises(RuntimeError):
            pool.complete_and_claim(
                [(second, done(second))], "test-worker", ["echo"], HELD, 2, also=broken
            )
        rules = pool.database.transaction(lambda tx: tx.rows("policy_rules"), write=False)

        assert stored == [True, False]
        assert refs(following) == ["A-3", "A-4"]
        assert seen[-1] == [True, False]
        assert [row[1] for row in rules] == ["stored [True, False]"]
        # the broken record undid its whole transaction: A-2 is still leased, none claimed
        assert [r.ref for r in pool.results(TaskStatus.DONE)] == ["A-1"]
        assert pool.counts()[TaskStatus.RUNNING] == 3
        assert pool.counts()[TaskStatus.PENDING] == 1

    def test_a_lost_lease_cannot_complete_or_fail(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        stale = self.expire(pool)
        pool.requeue_expired()
        [current] = claim(pool)

        assert pool.heartbeat(stale) is False
        assert complete(pool, stale, done(stale)) is False
        assert pool.fail(stale, "late failure", retry_in=0) is None
        assert complete(pool, current, done(current)) is True
        [result] = pool.results()
        assert result.attempts == 2

    # failures: retried application errors, dead letters, business errors

    def test_a_failed_task_is_claimed_again_after_its_back_off(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        [task] = claim(pool)

        assert pool.fail(task, "source down", retry_in=0.3) is TaskStatus.FAILED
        assert claim(pool) == []
        assert waiting(pool) == 1
        assert waiting(pool, ["other"]) == 0
        [failed] = pool.results(TaskStatus.FAILED)
        assert (failed.ref, failed.attempts, failed.error) == ("A-1", 1, "source down")
        time.sleep(0.35)
        [again] = claim(pool)
        assert (again.ref, again.attempts) == ("A-1", 2)

    def test_dead_after_max_attempts_with_a_review_result(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")], max_attempts=2)
        [first] = claim(pool)
        assert pool.fail(first, "source down", 0, [ReasonCode.SOURCE_UNAVAILABLE]) is (
            TaskStatus.FAILED
        )
        [second] = claim(pool)
        status = pool.fail(second, "source down", 0, [ReasonCode.SOURCE_UNAVAILABLE])

        assert status is TaskStatus.DEAD
        assert claim(pool) == []
        [result] = pool.results()
        assert result.status is TaskStatus.DEAD
        assert result.decision is Decision.REVIEW
        assert result.reasons == [ReasonCode.SOURCE_UNAVAILABLE]
        assert result.attempts == 2
        assert result.error == "source down"

    def test_a_business_error_is_dead_at_once(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")], max_attempts=5)
        [task] = claim(pool)

        status = pool.fail(task, "InputError: unsupported document", 0, business=True)

        assert status is TaskStatus.DEAD
        assert claim(pool) == []
        [result] = pool.dead()
        assert (result.ref, result.decision, result.attempts) == ("A-1", Decision.REVIEW, 1)

    def test_expired_lease_on_the_last_attempt_is_dead(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")], max_attempts=1)
        self.expire(pool)

        assert pool.requeue_expired() == 1
        [result] = pool.results()
        assert result.status is TaskStatus.DEAD
        assert result.decision is Decision.REVIEW
        assert result.error is not None
        assert "lease" in result.error

    # source outages: postponed without spending attempts, dead after the outage budget

    def test_a_postponed_task_keeps_its_attempts_and_waits_until_told(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")], max_attempts=1)
        [task] = claim(pool)

        status = pool.postpone(
            task, time.time() + 0.3, "source gov_identity is down", budget_seconds=3600
        )

        assert status is TaskStatus.FAILED
        assert claim(pool) == []
        [waiting] = pool.results(TaskStatus.FAILED)
        assert (waiting.attempts, waiting.error) == (0, "source gov_identity is down")
        time.sleep(0.35)
        [again] = claim(pool)
        # a postponement is no attempt: the one attempt allowed is still there
        assert again.attempts == 1
        assert complete(pool, again, done(again)) is True
        [result] = pool.results()
        assert (result.status, result.attempts) == (TaskStatus.DONE, 1)

    def test_a_task_postponed_for_the_whole_budget_is_dead_for_review(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        [first] = claim(pool)
        far = time.time() + 3600
        assert pool.postpone(first, far, "down", budget_seconds=0.2) is TaskStatus.FAILED
        # the wait is cut to the end of the budget: the last try comes then
        assert claim(pool) == []
        time.sleep(0.25)
        [second] = claim(pool)

        status = pool.postpone(
            second, far, "down", [ReasonCode.SOURCE_UNAVAILABLE], budget_seconds=0.2
        )

        assert status is TaskStatus.DEAD
        [result] = pool.dead()
        assert (result.ref, result.decision, result.reasons, result.error) == (
            "A-1",
            Decision.REVIEW,
            [ReasonCode.SOURCE_UNAVAILABLE],
            "down",
        )

    def test_an_ordinary_failure_stops_the_outage_clock(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")], max_attempts=5)
        [first] = claim(pool)
        assert pool.postpone(first, time.time(), "down", budget_seconds=0.2) is TaskStatus.FAILED
        [second] = claim(pool)
        assert pool.fail(second, "a bug", retry_in=0) is TaskStatus.FAILED
        time.sleep(0.25)
        [third] = claim(pool)

        # the outage that began before the failure does not count against this one
        assert pool.postpone(third, time.time(), "down", budget_seconds=0.2) is (TaskStatus.FAILED)

    def test_a_lost_lease_cannot_postpone(self, pool: TaskPool) -> None:
        pool.submit([application("A-1")])
        stale = self.expire(pool)
        pool.requeue_expired()

        assert pool.postpone(stale, time.time(), "down", budget_seconds=60) is None

    def test_waiting_needs_group_tasks_by_kind_pool_and_scopes(self, pool: TaskPool) -> None:
        pool.submit([application("B-2", branch="north"), application("B-1", branch="north")])
        pool.submit(
            [application("C-1", kind="plain", branch="south")],
            {"plain": ["source:telecom", "ocr"]},
        )
        pool.submit([application("D-1", branch="north")])
        [running] = claim(pool, pools=["north"])

        groups = pool.waiting_needs()

        assert running.ref == "B-2"
        assert [tuple(group) for group in groups] == [
            ("echo", "north", frozenset(), 2, "B-1"),
            ("plain", "south", frozenset({"ocr", "source:telecom"}), 1, "C-1"),
        ]

    # operators: cancel, retry, the dead-letter queue, purge

    def test_cancel_takes_waiting_tasks_only(self, pool: TaskPool) -> None:
        pool.submit([application(ref) for ref in ("RUN", "DONE", "FAIL", "WAIT")])
        [running, finished, failing] = claim(pool, limit=3)
        complete(pool, finished, done(finished))
        pool.fail(failing, "source down", retry_in=60)

        cancelled = pool.cancel(["WAIT", "RUN", "DONE", "FAIL", "UNKNOWN", "WAIT"])

        assert cancelled == ["WAIT", "FAIL"]
        assert pool.cancel(["WAIT"]) == []
        assert claim(pool, limit=10) == []
        statuses = {record.ref: (record.status, record.decision) for record in pool.results()}
        assert statuses == {
            "DONE": (TaskStatus.DONE, Decision.APPROVE),
            "FAIL": (TaskStatus.CANCELLED, None),
            "RUN": (TaskStatus.RUNNING, None),
            "WAIT": (TaskStatus.CANCELLED, None),
        }
        assert complete(pool, running, done(running)) is True

    def test_retry_makes_a_failed_task_due_now(self, pool: TaskPool) -> None:
        pool.submit([application("FAIL"), application("WAIT")])
        [task] = claim(pool)
        pool.fail(task, "source down", retry_in=60)

        assert pool.retry(["WAIT", "FAIL", "UNKNOWN"]) == ["FAIL"]
        assert pool.counts()[TaskStatus.PENDING] == 2
        assert [(t.ref, t.attempts) for t in claim(pool, limit=10)] == [("FAIL", 2), ("WAIT", 1)]

    def test_retry_sends_a_dead_task_back_with_fresh_attempts(self, pool: TaskPool) -> None:
        self.dead_task(pool, "DEAD")

        assert pool.retry(["DEAD"]) == ["DEAD"]
        assert pool.dead() == []
        [record] = pool.results()
        assert (record.status, record.decision) == (TaskStatus.PENDING, None)
        [task] = claim(pool)
        assert task.attempts == 1
        assert complete(pool, task, done(task))
        assert [r.decision for r in pool.results()] == [Decision.APPROVE]

    def test_dead_lists_the_dead_letter_queue_longest_dead_first(self, pool: TaskPool) -> None:
        for ref in ("D-2", "D-1", "D-3"):
            self.dead_task(pool, ref)
        pool.submit([application("WAIT")])

        assert [r.ref for r in pool.dead()] == ["D-2", "D-1", "D-3"]
        assert [r.ref for r in pool.dead(limit=2)] == ["D-2", "D-1"]
        assert {(r.status, r.decision, r.error) for r in pool.dead()} == {
            (TaskStatus.DEAD, Decision.REVIEW, "source down")
        }

    def test_requeue_dead_named_or_all(self, pool: TaskPool) -> None:
        for ref in ("D-1", "D-2", "D-3"):
            self.dead_task(pool, ref)
        pool.submit([application("WAIT")])

        assert pool.requeue_dead(["D-2", "WAIT", "UNKNOWN"]) == ["D-2"]
        assert pool.requeue_dead() == ["D-1", "D-3"]
        assert pool.requeue_dead() == []
        assert pool.dead() == []
        assert pool.counts()[TaskStatus.PENDING] == 4
        assert {t.attempts for t in claim(pool, limit=10)} == {1}

    def test_purge_deletes_finished_tasks_and_their_results(self, pool: TaskPool) -> None:
        self.dead_task(pool, "DEAD")
        pool.submit([application(ref) for ref in ("DONE", "FAIL", "RUN", "CANCEL", "WAIT")])
        [finished, failing, running] = claim(pool, limit=3)
        complete(pool, finished, done(finished))
        pool.fail(failing, "source down", retry_in=60)
        pool.cancel(["CANCEL"])

        assert pool.purge(3600) == 0
        time.sleep(0.2)
        assert pool.purge(0.1) == 3

        assert sorted(r.ref for r in pool.results()) == ["FAIL", "RUN", "WAIT"]
        assert pool.dead() == []
        assert pool.submit([application("DONE")]).submitted == ["DONE"]
        assert complete(pool, running, done(running))

    # the state machine

    def test_every_status_change_is_a_transition_of_the_state_machine(self, pool: TaskPool) -> None:
        seen: dict[str, TaskStatus] = {}
        taken: set[tuple[TaskStatus, TaskStatus]] = set()

        def observe() -> None:
            for record in pool.results():
                before = seen.get(record.ref, record.status)
                if before is not record.status:
                    assert record.status in TRANSITIONS[before], (record.ref, before, record)
                    taken.add((before, record.status))
                seen[record.ref] = record.status

        def take(ref: str, lease: float = 30.0) -> Task:
            [task] = claim(pool, lease=lease, pools=[ref.lower()])
            observe()
            return task

        pool.submit([application(ref, branch=ref.lower()) for ref in "ABCDE"])
        observe()
        a = take("A")
        complete(pool, a, done(a))
        observe()
        pool.fail(take("B"), "source down", retry_in=60)
        observe()
        pool.retry(["B"])
        observe()
        pool.fail(take("B"), "source down", retry_in=0)
        observe()
        pool.fail(take("B"), "source down", retry_in=0)  # the third attempt
        observe()
        pool.requeue_dead(["B"])
        observe()
        pool.cancel(["C"])
        observe()
        pool.fail(take("D"), "source down", retry_in=60)
        observe()
        pool.cancel(["D"])
        observe()
        take("E", lease=0.01)
        time.sleep(0.05)
        pool.requeue_expired()
        observe()

        every = {(start, end) for start, ends in TRANSITIONS.items() for end in ends}
        assert taken == every, every - taken

    # what operators watch

    def test_counts_by_status_kind_and_pool(self, pool: TaskPool) -> None:
        pool.submit(
            [
                application("E-1"),
                application("E-2", branch="beijing"),
                application("P-1", kind="plain"),
            ]
        )
        claim(pool)  # E-1

        assert pool.counts() == {
            TaskStatus.PENDING: 2,
            TaskStatus.RUNNING: 1,
            TaskStatus.DONE: 0,
            TaskStatus.FAILED: 0,
            TaskStatus.DEAD: 0,
            TaskStatus.CANCELLED: 0,
        }
        assert pool.counts(["plain"])[TaskStatus.PENDING] == 1
        assert pool.counts(["plain"])[TaskStatus.RUNNING] == 0
        assert pool.counts(pools=["beijing"])[TaskStatus.PENDING] == 1
        assert pool.counts(["plain"], pools=["beijing"])[TaskStatus.PENDING] == 0

    def test_stats_by_pool_status_priority_oldest_and_at_risk(self, make_pool: MakePool) -> None:
        pool = make_pool(PoolConfig(at_risk_seconds=60))
        now = time.time()
        pool.submit(
            [
                application("SZ-H", priority="high", branch="sz", deadline=now + 30),
                application("SZ-L", priority="low", branch="sz", deadline=now - 10),
                application("BJ-N", priority="normal", branch="bj"),
                application("BJ-DONE", priority="high", branch="bj", deadline=now + 5),
            ]
        )
        claimed = {task.ref: task for task in claim(pool, limit=10)}
        complete(pool, claimed["BJ-DONE"], done(claimed["BJ-DONE"]))
        created = min(t.created_at for t in pool.timings())

        stats = pool.stats(now=created + 100)

        by_key = {key: count for key, count in stats.counts.items() if count}
        assert by_key == {
            ("sz", TaskStatus.RUNNING, "high"): 1,
            ("sz", TaskStatus.RUNNING, "low"): 1,
            ("bj", TaskStatus.RUNNING, "normal"): 1,
            ("bj", TaskStatus.DONE, "high"): 1,
        }
        assert stats.by_status()[TaskStatus.RUNNING] == 3
        assert stats.oldest_pending_age is None  # every unfinished task is running

        pool.submit([application("WAIT")])
        stats = pool.stats(now=created + 100)
        [waiting] = [t for t in pool.timings() if t.ref == "WAIT"]
        assert stats.oldest_pending_age == pytest.approx(created + 100 - waiting.created_at)
        assert [(r.ref, r.pool, r.priority) for r in stats.at_risk] == [
            ("SZ-L", "sz", "low"),
            ("SZ-H", "sz", "high"),
        ]
        late, soon = stats.at_risk
        assert isinstance(late, AtRisk)
        assert late.seconds_left == pytest.approx(now - 10 - (created + 100), abs=1e-3)
        assert soon.deadline == pytest.approx(now + 30, abs=1e-3)

    def test_results_cover_every_task_ordered_by_ref(self, pool: TaskPool) -> None:
        pool.submit([application("C-1"), application("A-1"), application("B-1")])
        [task] = claim(pool)  # C-1, first submitted
        complete(pool, task, done(task))

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
        [task] = claim(pool)
        complete(pool, task, done(task))

        finished, waiting = pool.timings()

        assert finished.ref == "A-1"
        assert finished.started_at is not None
        assert finished.finished_at is not None
        assert before <= finished.created_at <= finished.started_at <= finished.finished_at
        assert finished.latency is not None
        assert finished.latency >= 0
        assert (waiting.ref, waiting.started_at, waiting.finished_at) == ("B-1", None, None)

    # what the layers above the pool use beside tasks

    def test_documents_are_sealed_in_and_opened_by_ref(
        self, pool: TaskPool, tmp_path: Path
    ) -> None:
        front = tmp_path / "front.jpg"
        front.write_bytes(b"\xff\xd8 a card \xff\xd9")
        pool.submit([with_fields(application("A-1"), documents={"id_front": str(front)})])

        assert pool.documents("A-1") == {"id_front": front.read_bytes()}
        assert pool.documents("UNKNOWN") == {}

    def test_refs_of_id_number_find_one_applicants_tasks(self, pool: TaskPool) -> None:
        other = with_fields(application("B-1"), applicant={"name": "李娜", "id_number": OTHER_ID})
        pool.submit([application("A-1"), other, application("A-2")])

        assert pool.refs_of_id_number(application("A-1").applicant.id_number) == ["A-1", "A-2"]
        assert pool.refs_of_id_number(OTHER_ID) == ["B-1"]
        assert pool.refs_of_id_number("110105194912310021") == []

    def test_complete_many_with_writes_its_record_exactly_when_the_result_is_stored(
        self, pool: TaskPool
    ) -> None:
        pool.submit([application("A-1"), application("A-2")])
        first, second = claim(pool, limit=2)

        def rule(name: str) -> Callable[[Transaction], object]:
            return lambda tx: tx.run("policy_rule_add", ptype="p", v0=name, v1="*", v2="x", v3="")

        def broken(tx: Transaction) -> None:
            rule("broken")(tx)
            raise RuntimeError("the record cannot be written")

        def when_stored(record: Callable[[Transaction], object]) -> Also:
            return lambda tx, stored: record(tx) if stored == [True] else None

        [stored] = pool.complete_many_with([(first, done(first))], when_stored(rule("stored")))
        [again] = pool.complete_many_with([(first, done(first))], when_stored(rule("lost lease")))
        with pytest.raises(RuntimeError):
            pool.complete_many_with([(second, done(second))], when_stored(broken))
        rules = pool.database.transaction(lambda tx: tx.rows("policy_rules"), write=False)

        assert (stored, again) == (True, False)
        assert [row[1] for row in rules] == ["stored"]
        assert [r.ref for r in pool.results(TaskStatus.DONE)] == ["A-1"]
        assert pool.counts()[TaskStatus.RUNNING] == 1  # A-2 is still leased, nothing written

    def test_the_pool_database_is_at_the_latest_schema_version(self, pool: TaskPool) -> None:
        database = pool.database

        assert database.schema_version() == len(migrations(database.backend))
        assert database.pending_migrations() == []

    # concurrency and wake-up

    def test_concurrent_claimers_never_share_a_task(
        self, pool: TaskPool, make_pool: MakePool
    ) -> None:
        pool.submit([application(f"A-{i:03}") for i in range(300)])
        claimers = [make_pool() for _ in range(3)]
        claimed: list[list[str]] = [[] for _ in claimers]
        start = threading.Barrier(len(claimers))

        def drain(index: int) -> None:
            start.wait()
            tasks = claimers[index].claim(f"w{index}", ["echo"], HELD, limit=3)
            while tasks:
                claimed[index].extend(refs(tasks))
                stored, tasks = claimers[index].complete_and_claim(
                    [(t, done(t)) for t in tasks], f"w{index}", ["echo"], HELD, limit=3
                )
                assert all(stored)

        threads = [threading.Thread(target=drain, args=(i,)) for i in range(len(claimers))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        everything = [ref for mine in claimed for ref in mine]
        assert len(everything) == 300
        assert len(set(everything)) == 300
        assert len(list(pool.results(TaskStatus.DONE))) == 300

    def test_claimers_in_separate_processes_never_share_a_task(
        self, pool: TaskPool, pool_url: str
    ) -> None:
        pool.submit([application(f"A-{i:03}") for i in range(200)])
        context = multiprocessing.get_context("spawn")
        claimed: multiprocessing.Queue[list[str]] = context.Queue()
        processes = [
            context.Process(target=drain_in_process, args=(pool_url, f"p{i}", claimed))
            for i in range(2)
        ]
        for process in processes:
            process.start()
        results = [claimed.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(10)

        everything = [ref for mine in results for ref in mine]
        assert sorted(everything) == [f"A-{i:03}" for i in range(200)]
        assert pool.counts()[TaskStatus.RUNNING] == 200

    def test_wait_for_work_wakes_on_submit(self, pool: TaskPool, make_pool: MakePool) -> None:
        waiter = make_pool()
        waiter.wait_for_work(0)  # starts watching
        assert waiter.wait_for_work(0.05) is False

        submitter = threading.Timer(0.2, pool.submit, args=([application("A-1")],))
        submitter.start()
        started = time.monotonic()
        woke = waiter.wait_for_work(5.0)
        waited = time.monotonic() - started
        submitter.join()

        assert woke is True
        assert 0.15 <= waited < 1.0, waited
        assert refs(claim(waiter)) == ["A-1"]

    def test_waiting_does_not_stall_the_pool(self, pool: TaskPool) -> None:
        pool.wait_for_work(0)
        waiting = threading.Thread(target=pool.wait_for_work, args=(1.0,))
        waiting.start()
        started = time.monotonic()
        pool.submit([application("A-1")])
        claimed = claim(pool)
        took = time.monotonic() - started
        waiting.join()

        assert refs(claimed) == ["A-1"]
        assert took < 0.5, took
