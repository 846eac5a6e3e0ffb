"""huey in the benchmark: SqliteHuey (SqliteStorage) and huey's own consumer."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from importlib.metadata import version
from typing import Any

from huey import SqliteHuey
from huey.consumer import Consumer
from pool_harness import (
    CTX,
    LATENCY_WARMUP,
    BenchError,
    Crew,
    Gate,
    System,
    drain_rate,
    fresh_sqlite_file,
)

QUEUE_NAME = "bench"
TASK_NAME = "bench_noop"

#: what the task does when it runs, set by the process that runs the consumer
_on_run: Callable[[dict[str, Any]], None] = lambda application: None  # noqa: E731


def _noop(application: dict[str, Any]) -> bool:
    _on_run(application)
    # a value, so that huey stores a result: its "complete", like veribot's result record
    return True


def _huey(path: str) -> tuple[SqliteHuey, Callable[[dict[str, Any]], Any]]:
    """The queue in ``path`` and its task: WAL and synchronous=FULL (``fsync=True``)."""
    huey = SqliteHuey(QUEUE_NAME, filename=path, fsync=True, journal_mode="wal")
    task = huey.task(name=TASK_NAME)(_noop)
    return huey, task


def _stop_on_gate(gate: Gate) -> None:
    """Stop the consumer of this process gracefully (huey's SIGINT) once the phase ends."""

    def watch() -> None:
        while not gate.wait_stop(0.1):
            pass
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=watch, daemon=True).start()


class HueySystem(System):
    key = "huey"
    label = "huey SqliteStorage"
    backend = "SQLite"

    def settings(self) -> str:
        return (
            "huey consumer, worker_type=process (-k process) with N workers, defaults "
            "otherwise (poll 0.1 s ×1.15 back-off up to 10 s); no batch enqueue API: "
            "1 transaction/task; result stored; WAL, synchronous=FULL (fsync=True)"
        )

    def versions(self) -> dict[str, str]:
        return {"huey": version("huey")}

    @contextlib.contextmanager
    def location(self) -> Iterator[str]:
        with fresh_sqlite_file(self.key) as path:
            yield str(path)

    def install(self, gate: Gate, where: str) -> None:
        huey, _ = _huey(where)  # creates the tables
        huey.storage.close()

    def enqueue(self, gate: Gate, where: str, batch: Sequence[dict[str, Any]], size: int) -> float:
        huey, task = _huey(where)
        gate.ready()
        started = time.perf_counter()
        for record in batch:
            task(record)
        seconds = time.perf_counter() - started
        huey.storage.close()
        return seconds

    def _consume(
        self, gate: Gate, where: str, workers: int, worker_type: str, first: Any = None
    ) -> None:
        global _on_run
        if first is not None:

            def mark_first(application: dict[str, Any]) -> None:
                if first.value == 0.0:
                    with first.get_lock():
                        if first.value == 0.0:
                            first.value = time.time()

            _on_run = mark_first
        huey, _ = _huey(where)
        consumer: Consumer = huey.create_consumer(workers=workers, worker_type=worker_type)
        gate.ready()
        _stop_on_gate(gate)
        consumer.run()

    def measure_drain(self, where: str, expected: int, workers: int) -> float:
        """huey's consumer has no drain mode: the parent watches the stored results."""
        first = CTX.Value("d", 0.0)
        with Crew() as crew:
            crew.start(self._consume, where, workers, "process", first)
            # opened after the fork: a SQLite connection must not cross one
            db = sqlite3.connect(where)
            started = crew.release()
            while True:
                (done,) = db.execute(
                    "SELECT count(*) FROM kv WHERE queue = ?", (QUEUE_NAME,)
                ).fetchone()
                if done >= expected:
                    finished = time.time()
                    break
                crew.poll(0.005)
            db.close()
            crew.stop()
        if done != expected:
            raise BenchError(f"huey: {done} results, {expected} expected")
        return drain_rate(expected, [first.value or started], finished)

    def drain_worker(self, gate: Gate, where: str) -> Any:
        raise NotImplementedError("huey drains with its consumer: see measure_drain")

    def latency_consumer(self, gate: Gate, where: str, report: Any) -> None:
        global _on_run
        _on_run = lambda application: report.put((application["ref"], time.time()))  # noqa: E731
        self._consume(gate, where, 1, "process")

    def latency_producer(
        self, gate: Gate, where: str, batch: Sequence[dict[str, Any]], gaps: Sequence[float]
    ) -> list[tuple[str, float]]:
        huey, task = _huey(where)
        sent: list[tuple[str, float]] = []
        gate.ready()
        time.sleep(LATENCY_WARMUP)
        for record, gap in zip(batch, gaps, strict=True):
            time.sleep(gap)
            sent.append((record["ref"], time.time()))
            task(record)
        huey.storage.close()
        return sent
