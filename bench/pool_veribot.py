"""veribot's own pools in the benchmark: SqlitePool and PostgresPool through ``open_pool``."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pool_harness import (
    CTX,
    KIND,
    LATENCY_WARMUP,
    SCOPES,
    BenchError,
    Crew,
    Drained,
    Gate,
    System,
    fresh_pg_database,
    fresh_sqlite_file,
    records,
)

from robotlib.model import Application, Decision, ResultRecord, Task, TaskStatus
from scheduler.db import Transaction
from scheduler.pool import TaskPool, open_pool
from scheduler.settings import WorkerSettings

#: how long an idle consumer waits for a signal before it claims again anyway
IDLE_TIMEOUT = WorkerSettings().poll_seconds
LEASE_SECONDS = 30.0
SCOPES_BY_KIND = {KIND: SCOPES}


def _applications(batch: Sequence[dict[str, Any]]) -> list[Application]:
    return [Application.model_validate(record) for record in batch]


def _result(task: Task) -> ResultRecord:
    return ResultRecord(
        ref=task.ref,
        status=TaskStatus.DONE,
        decision=Decision.APPROVE,
        bot=task.kind,
        attempts=task.attempts,
    )


def _complete(pool: TaskPool, tasks: Sequence[Task]) -> None:
    """Store the results of ``tasks`` in one transaction, as the dispatcher stores a batch
    (without its audit trail: the batched rows measure the pool alone)."""
    stored = pool.complete_many_with([(task, _result(task)) for task in tasks], _no_record)
    if not all(stored):
        raise BenchError(f"{stored.count(False)} lease(s) lost")


def _no_record(tx: Transaction, stored: list[bool]) -> None:
    """Nothing stored beside the results."""


@dataclass
class ProbeResult:
    """A high-priority task submitted into a low-priority drain: how soon it started."""

    #: claim cycles (of any worker) that ended after the submission committed, up to and
    #: including the one that took the high-priority task
    cycles: int
    #: seconds from the end of the submit call to the end of the claim that took it
    wait: float
    #: low-priority tasks still waiting when it was submitted
    behind: int


class VeribotSystem(System):
    """veribot's pool: claims ``claim_batch`` tasks per transaction; stores a batch's results
    and claims the next batch in one (``complete_and_claim``)."""

    def __init__(self, backend: str, claim_batch: int) -> None:
        if backend not in ("sqlite", "postgresql"):
            raise ValueError(backend)
        self.pg = backend == "postgresql"
        self.key = "veribot" if self.pg else "veribot_sqlite"
        self.label = "veribot PostgresPool" if self.pg else "veribot SqlitePool"
        self.backend = "PostgreSQL" if self.pg else "SQLite"
        self.claim_batch = claim_batch

    def settings(self) -> str:
        durability = "synchronous_commit=on" if self.pg else "WAL, synchronous=FULL"
        return (
            f"claim ≤{self.claim_batch}/transaction; complete_and_claim: a batch's results "
            "stored and the next batch claimed in one transaction; "
            f"submit 100/call; idle consumer: wait_for_work({IDLE_TIMEOUT:g} s) then claim; "
            f"{durability}"
        )

    def versions(self) -> dict[str, str]:
        from importlib.metadata import version

        return {"veribot": version("veribot")}

    def unavailable(self) -> str | None:
        if not self.pg:
            return None
        if importlib.util.find_spec("scheduler.pool.postgres") is None:
            return "PostgresPool not in the tree yet (scheduler/pool/postgres.py)"
        try:
            with fresh_pg_database(f"bench_{self.key}") as url:
                self.prepare(url)
        except Exception as exc:
            return f"open_pool('postgresql://...') failed: {str(exc).strip().splitlines()[-1]}"
        return None

    @contextlib.contextmanager
    def location(self) -> Iterator[str]:
        if self.pg:
            with fresh_pg_database(f"bench_{self.key}") as url:
                yield url
        else:
            with fresh_sqlite_file(self.key) as path:
                yield f"sqlite:///{path}"

    def install(self, gate: Gate, where: str) -> None:
        open_pool(where).close()  # opening creates or migrates the schema

    def enqueue(self, gate: Gate, where: str, batch: Sequence[dict[str, Any]], size: int) -> float:
        applications = _applications(batch)
        submitted = 0
        with open_pool(where) as pool:
            gate.ready()
            started = time.perf_counter()
            for i in range(0, len(applications), size):
                report = pool.submit(applications[i : i + size], SCOPES_BY_KIND)
                submitted += len(report.submitted)
            seconds = time.perf_counter() - started
        if submitted != len(applications):
            raise BenchError(f"{submitted} of {len(applications)} submitted")
        return seconds

    def drain_worker(self, gate: Gate, where: str) -> Drained:
        worker_id = f"bench:{os.getpid()}"
        processed = 0
        first: float | None = None
        with open_pool(where) as pool:
            gate.ready()
            tasks = pool.claim(worker_id, [KIND], SCOPES, self.claim_batch, LEASE_SECONDS)
            while tasks:
                if first is None:
                    first = time.time()
                stored, following = pool.complete_and_claim(
                    [(task, _result(task)) for task in tasks],
                    worker_id,
                    [KIND],
                    SCOPES,
                    self.claim_batch,
                    LEASE_SECONDS,
                )
                if not all(stored):
                    raise BenchError(f"{stored.count(False)} lease(s) lost")
                processed += len(tasks)
                tasks = following
            return Drained(first, time.time(), processed)

    def latency_consumer(self, gate: Gate, where: str, report: Any) -> None:
        worker_id = f"bench:{os.getpid()}"
        with open_pool(where) as pool:
            gate.ready()
            while not gate.stopped():
                tasks = pool.claim(worker_id, [KIND], SCOPES, self.claim_batch, LEASE_SECONDS)
                if not tasks:
                    # LISTEN/NOTIFY on PostgreSQL, SQLite's commit counter on SQLite
                    pool.wait_for_work(IDLE_TIMEOUT)
                    continue
                now = time.time()
                for task in tasks:
                    report.put((task.ref, now))
                _complete(pool, tasks)

    def latency_producer(
        self, gate: Gate, where: str, batch: Sequence[dict[str, Any]], gaps: Sequence[float]
    ) -> list[tuple[str, float]]:
        applications = _applications(batch)
        sent: list[tuple[str, float]] = []
        with open_pool(where) as pool:
            gate.ready()
            time.sleep(LATENCY_WARMUP)
            for application, gap in zip(applications, gaps, strict=True):
                time.sleep(gap)
                sent.append((application.ref, time.time()))
                pool.submit([application], SCOPES_BY_KIND)
        return sent

    # --- priority probe ---

    def measure_priority(self, low: int, workers: int) -> ProbeResult:
        """Submit one high-priority task once a fifth of ``low`` queued low-priority tasks
        are claimed by ``workers`` draining processes; count the claim cycles until it starts.
        """
        with self.location() as where:
            self.prepare(where)
            self.measure_enqueue(where, records(low, prefix="L", priority="low"), 100)
            claimed = CTX.Value("i", 0)
            with Crew() as crew:
                drains = [crew.start(self._probe_worker, where, claimed) for _ in range(workers)]
                submitter = crew.start(self._probe_submitter, where, claimed, low // 5)
                crew.release()
                _, after, behind = crew.result(submitter)
                logs: list[list[tuple[float, float, bool]]] = [crew.result(i) for i in drains]
        cycles = sorted(
            (cycle for log in logs for cycle in log if cycle[1] > after or cycle[2]),
            key=lambda cycle: cycle[1],
        )
        for position, (_, ended, has_high) in enumerate(cycles, start=1):
            if has_high:
                return ProbeResult(cycles=position, wait=ended - after, behind=behind)
        raise BenchError("the high-priority task was never claimed")

    def _probe_worker(
        self, gate: Gate, where: str, claimed: Any
    ) -> list[tuple[float, float, bool]]:
        worker_id = f"bench:{os.getpid()}"
        log: list[tuple[float, float, bool]] = []
        with open_pool(where) as pool:
            gate.ready()
            while True:
                began = time.time()
                tasks = pool.claim(worker_id, [KIND], SCOPES, self.claim_batch, LEASE_SECONDS)
                log.append((began, time.time(), any(t.priority == "high" for t in tasks)))
                if not tasks:
                    break
                with claimed.get_lock():
                    claimed.value += len(tasks)
                _complete(pool, tasks)
        return log

    def _probe_submitter(
        self, gate: Gate, where: str, claimed: Any, threshold: int
    ) -> tuple[float, float, int]:
        urgent = Application.model_validate(
            {**records(1, prefix="H", priority="high")[0], "channel": "counter"}
        )
        with open_pool(where) as pool:
            gate.ready()
            while claimed.value < threshold:
                time.sleep(0.001)
            counts = pool.counts()
            behind = counts[TaskStatus.PENDING] + counts[TaskStatus.FAILED]
            before = time.time()
            pool.submit([urgent], SCOPES_BY_KIND)
            after = time.time()
        return before, after, behind
