"""The machinery of ``bench/pool.py``: child processes, fresh databases, payloads, statistics.

Every database access of a measurement happens in a child process forked for it, so that
the parent never holds a connection across a fork and every system starts from the same
state. A child announces that it is ready (connected, schema in place) and waits for the
go signal; the clock starts when every child of the phase is ready.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import multiprocessing.queues
import os
import queue
import random
import statistics
import tempfile
import time
import traceback
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.context import ForkProcess
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import psycopg

# fork: children inherit the records and the system objects without pickling them, and
# start in milliseconds (the parent holds no connection when it forks)
CTX = multiprocessing.get_context("fork")

#: the PostgreSQL server every PostgreSQL system runs on (trust auth on the dev machines)
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
#: the task kind every benchmark task has, and the scopes its bot needs
KIND = "personal_account"
SCOPES = ("blacklist", "gov_identity", "ocr")
#: the longest a phase may take before the harness gives up on it
PHASE_TIMEOUT = 300.0
#: an idle consumer gets this long to settle before the first latency probe
LATENCY_WARMUP = 1.0


class BenchError(RuntimeError):
    """A phase could not be measured."""


# --- payloads ---------------------------------------------------------------------------


def application_record(number: int, *, prefix: str = "B", priority: str = "low") -> dict[str, Any]:
    """One application record as DESIGN.md defines it: the payload of every system's task."""
    ref = f"{prefix}-{number:07d}"
    return {
        "ref": ref,
        "kind": KIND,
        "branch": "shenzhen",
        "channel": "batch",
        "priority": priority,
        "segment": "new_citizen",
        "products": ["debit_card", "social_security_card"],
        "applicant": {"name": "张伟", "id_number": "440305199003071236", "phone": "13800138000"},
        "documents": {
            "id_front": f"/srv/veribot/images/{ref}-front.jpg",
            "id_back": f"/srv/veribot/images/{ref}-back.jpg",
        },
    }


def records(count: int, *, prefix: str = "B", priority: str = "low") -> list[dict[str, Any]]:
    return [application_record(i, prefix=prefix, priority=priority) for i in range(count)]


def latency_gaps(count: int, low: float, high: float, seed: int = 3) -> list[float]:
    """Pauses before each latency probe: the same pseudo-random sequence for every system."""
    rng = random.Random(seed)
    return [rng.uniform(low, high) for _ in range(count)]


# --- statistics ---------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` in 0..1) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


# --- fresh databases ------------------------------------------------------------------------


def pg_url(database: str) -> str:
    return f"{PG_SERVER}/{database}"


def _admin(sql: str) -> None:
    """Run ``sql`` on the maintenance database (CREATE / DROP DATABASE need autocommit)."""
    with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
        conn.execute(sql.encode())


#: tells this run's databases apart: two runs at once on one server (two engineers, one
#: shared machine) must not drop each other's databases mid-phase
RUN_TAG = os.getpid()


@contextmanager
def fresh_pg_database(system: str) -> Iterator[str]:
    """A new, empty database ``<system>_<run tag>`` on the benchmark server; dropped
    afterwards."""
    name = f"{system}_{RUN_TAG}"
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield pg_url(name)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_sqlite_file(name: str) -> Iterator[Path]:
    """A path for a new SQLite database in a temporary folder (same disk as PostgreSQL's)."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as folder:
        yield Path(folder) / f"{name}.db"


def pg_server_facts() -> dict[str, str]:
    """Version and durability settings of the benchmark server, for the report."""
    names = ("server_version", "synchronous_commit", "fsync", "wal_sync_method", "shared_buffers")
    facts: dict[str, str] = {}
    with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
        for name in names:
            row = conn.execute(f"SHOW {name}".encode()).fetchone()
            facts[name] = str(row[0]) if row else "?"
    return facts


# --- child processes ---------------------------------------------------------------------------


class Gate:
    """A child's side of a phase: say when ready, wait for the start, watch for the stop."""

    def __init__(
        self,
        index: int,
        events: multiprocessing.queues.Queue[Any],
        go: Any,
        stop: Any,
    ) -> None:
        self.index = index
        self.events = events
        self._go = go
        self._stop = stop

    def ready(self) -> None:
        """Connected and set up: block until every child of the phase is, then return."""
        self.events.put(("ready", self.index, None))
        if not self._go.wait(PHASE_TIMEOUT):
            raise BenchError("the phase never started")

    def stopped(self) -> bool:
        return bool(self._stop.is_set())

    def wait_stop(self, timeout: float) -> bool:
        return bool(self._stop.wait(timeout))


def _child_main(fn: Callable[..., Any], gate: Gate, args: tuple[Any, ...]) -> None:
    try:
        value = fn(gate, *args)
    except BaseException:
        gate.events.put(("error", gate.index, traceback.format_exc()))
    else:
        gate.events.put(("ok", gate.index, value))


class Crew:
    """The child processes of one phase.

    ``start(fn, *args)`` forks a child that runs ``fn(gate, *args)``; ``release()`` waits until
    every child called ``gate.ready()`` and starts them all at once, returning the start time
    (``time.time()``, comparable across processes); ``result(i)`` waits for child ``i``'s
    return value. Leaving the ``with`` block stops whatever still runs.
    """

    def __init__(self, timeout: float = PHASE_TIMEOUT) -> None:
        self._events: multiprocessing.queues.Queue[Any] = CTX.Queue()
        self._go = CTX.Event()
        self._stop = CTX.Event()
        self._procs: list[ForkProcess] = []
        self._ready: set[int] = set()
        self._results: dict[int, Any] = {}
        self._deadline = time.monotonic() + timeout

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def start(self, fn: Callable[..., Any], *args: Any) -> int:
        index = len(self._procs)
        gate = Gate(index, self._events, self._go, self._stop)
        proc = CTX.Process(target=_child_main, args=(fn, gate, args), daemon=False)
        proc.start()
        self._procs.append(proc)
        return index

    def pid(self, index: int) -> int | None:
        return self._procs[index].pid

    def _handle(self, message: tuple[str, int, Any]) -> None:
        kind, index, value = message
        if kind == "ready":
            self._ready.add(index)
        elif kind == "error":
            raise BenchError(f"child {index} failed:\n{value}")
        else:
            self._results[index] = value

    def poll(self, wait: float = 0.1) -> None:
        """Take in one message from the children, or check that none died silently."""
        try:
            self._handle(self._events.get(timeout=wait))
            return
        except queue.Empty:
            pass
        if time.monotonic() > self._deadline:
            raise BenchError(f"phase timed out after {PHASE_TIMEOUT:.0f} s")
        for index, proc in enumerate(self._procs):
            if proc.exitcode is not None and index not in self._results:
                # its last words may have arrived just now
                with contextlib.suppress(queue.Empty):
                    while True:
                        self._handle(self._events.get(timeout=0.2))
                if index not in self._results:
                    raise BenchError(f"child {index} exited with {proc.exitcode} without a result")

    def release(self) -> float:
        while len(self._ready) < len(self._procs):
            self.poll()
        started = time.time()
        self._go.set()
        return started

    def result(self, index: int) -> Any:
        while index not in self._results:
            self.poll()
        return self._results[index]

    def stop(self) -> None:
        self._stop.set()

    def close(self, grace: float = 5.0) -> None:
        self._stop.set()
        self._go.set()
        deadline = time.monotonic() + grace
        for proc in self._procs:
            proc.join(max(0.0, deadline - time.monotonic()))
        for proc in self._procs:
            if proc.is_alive():
                proc.terminate()
                proc.join(5.0)
            if proc.is_alive():
                proc.kill()
                proc.join()
        self._events.close()


def run_child(fn: Callable[..., Any], *args: Any) -> Any:
    """Run ``fn(gate, *args)`` in one child process and return its result."""
    with Crew() as crew:
        return crew.result(crew.start(fn, *args))


def drain_rate(expected: int, firsts: Sequence[float | None], finished: float) -> float:
    """Tasks per second from the first task's start (so each library's start-up, such as
    pgqueuer's schema check, is not counted) to the last acknowledgement."""
    started = min(first for first in firsts if first is not None)
    return expected / (finished - started)


# --- the systems under test ---------------------------------------------------------------------


@dataclass
class Drained:
    """What one drain worker did: when its first task started and its last was acknowledged
    (``time.time()``), and how many tasks it processed."""

    first: float | None
    finished: float
    processed: int


@dataclass
class RunFigures:
    """One system's figures from one repetition; None where not measured."""

    enqueue_batch: list[float] = field(default_factory=list)
    enqueue_single: float | None = None
    drain: dict[int, float] = field(default_factory=dict)
    latency_p50: float | None = None
    latency_p99: float | None = None


class System(ABC):
    """A task queue under test: how to give it a fresh store and drive each phase.

    The methods taking a ``gate`` run in child processes; the ``measure_*`` methods run in
    the parent and fork those children.
    """

    #: short name; PostgreSQL systems get database ``bench_<key>``
    key: str
    #: name in the table
    label: str
    #: "PostgreSQL" or "SQLite"
    backend: str

    @abstractmethod
    def settings(self) -> str:
        """The batch / concurrency / durability settings used, for the table."""

    @abstractmethod
    def versions(self) -> dict[str, str]:
        """Package versions that matter for this system."""

    def unavailable(self) -> str | None:
        """Why this system cannot run here, or None."""
        return None

    @abstractmethod
    def location(self) -> contextlib.AbstractContextManager[str]:
        """A fresh, empty store (database URL or file path), removed afterwards."""

    @abstractmethod
    def install(self, gate: Gate, where: str) -> object:
        """Create the system's schema in the fresh store."""

    @abstractmethod
    def enqueue(self, gate: Gate, where: str, batch: Sequence[dict[str, Any]], size: int) -> float:
        """Enqueue ``batch`` in calls of ``size`` records; seconds taken after ``gate.ready()``."""

    @abstractmethod
    def drain_worker(self, gate: Gate, where: str) -> Drained:
        """Claim and complete tasks until none is left."""

    @abstractmethod
    def latency_consumer(self, gate: Gate, where: str, report: Any) -> None:
        """Wait for tasks the system's own way; put ``(ref, time.time())`` when each starts."""

    @abstractmethod
    def latency_producer(
        self, gate: Gate, where: str, batch: Sequence[dict[str, Any]], gaps: Sequence[float]
    ) -> list[tuple[str, float]]:
        """After ``LATENCY_WARMUP``, enqueue one record after each gap; ``(ref, time.time())``
        just before each enqueue call."""

    # --- phases, run in the parent ---

    def prepare(self, where: str) -> None:
        run_child(self.install, where)

    def measure_enqueue(self, where: str, batch: Sequence[dict[str, Any]], size: int) -> float:
        """Tasks per second enqueueing ``batch`` into a prepared store."""
        with Crew() as crew:
            index = crew.start(self.enqueue, where, batch, size)
            crew.release()
            seconds = float(crew.result(index))
        return len(batch) / seconds

    def measure_drain(self, where: str, expected: int, workers: int) -> float:
        """Claim+complete rate of ``workers`` processes draining ``expected`` queued tasks."""
        with Crew() as crew:
            indexes = [crew.start(self.drain_worker, where) for _ in range(workers)]
            crew.release()
            drained: list[Drained] = [crew.result(i) for i in indexes]
        processed = sum(d.processed for d in drained)
        if processed != expected:
            raise BenchError(f"{self.label}: {processed} tasks processed, {expected} expected")
        return drain_rate(expected, [d.first for d in drained], max(d.finished for d in drained))

    def measure_latency(
        self, where: str, batch: Sequence[dict[str, Any]], gaps: Sequence[float]
    ) -> list[float]:
        """Seconds from each enqueue call to the start of its task on an idle consumer."""
        report: multiprocessing.queues.Queue[tuple[str, float]] = CTX.Queue()
        starts: dict[str, float] = {}
        with Crew() as crew:
            crew.start(self.latency_consumer, where, report)
            producer = crew.start(self.latency_producer, where, batch, gaps)
            crew.release()
            sent: list[tuple[str, float]] = crew.result(producer)
            deadline = time.monotonic() + 60.0
            while len(starts) < len(sent):
                try:
                    ref, at = report.get(timeout=0.2)
                except queue.Empty:
                    crew.poll(0.0)
                    if time.monotonic() > deadline:
                        raise BenchError(
                            f"{self.label}: {len(sent) - len(starts)} latency probes never started"
                        ) from None
                    continue
                starts.setdefault(ref, at)
            crew.stop()
        report.close()
        return [starts[ref] - at for ref, at in sent]
