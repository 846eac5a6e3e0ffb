"""procrastinate in the benchmark: an async worker with concurrency, psycopg connection pool."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from importlib.metadata import version
from typing import Any

import procrastinate
from pool_harness import LATENCY_WARMUP, Drained, Gate, System, fresh_pg_database
from procrastinate.types import JSONValue

TASK_NAME = "bench_noop"
#: concurrent jobs per worker process (procrastinate fetches one job per query; async
#: concurrency is its documented way to run more at once)
CONCURRENCY = 10

#: what the task does when it runs, set by the process that runs the worker
_on_run: Callable[[dict[str, Any]], None] = lambda application: None  # noqa: E731


async def _noop(application: dict[str, Any]) -> None:
    _on_run(application)


def _app(where: str, connections: int) -> procrastinate.App:
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(
            conninfo=where, min_size=connections, max_size=connections
        )
    )
    app.task(name=TASK_NAME)(_noop)
    return app


def _run(where: str, connections: int, body: Callable[[procrastinate.App], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        app = _app(where, connections)
        async with app.open_async():
            return await body(app)

    return asyncio.run(main())


class ProcrastinateSystem(System):
    key = "procrastinate"
    label = "procrastinate"
    backend = "PostgreSQL"

    def settings(self) -> str:
        return (
            f"psycopg pool of {CONCURRENCY}; run_worker_async(concurrency={CONCURRENCY}, "
            "listen_notify=True), async no-op task, jobs kept (delete_jobs=never, the default); "
            "batch_defer_async 100/call"
        )

    def versions(self) -> dict[str, str]:
        return {name: version(name) for name in ("procrastinate", "psycopg", "psycopg-pool")}

    @contextlib.contextmanager
    def location(self) -> Iterator[str]:
        with fresh_pg_database(f"bench_{self.key}") as url:
            yield url

    def install(self, gate: Gate, where: str) -> None:
        async def body(app: procrastinate.App) -> None:
            await app.schema_manager.apply_schema_async()

        _run(where, 1, body)

    def enqueue(self, gate: Gate, where: str, batch: Sequence[dict[str, Any]], size: int) -> float:
        async def body(app: procrastinate.App) -> float:
            task = app.tasks[TASK_NAME]
            gate.ready()
            started = time.perf_counter()
            if size == 1:
                for record in batch:
                    await task.defer_async(application=record)
            else:
                for i in range(0, len(batch), size):
                    jobs: list[dict[str, JSONValue]] = [
                        {"application": record} for record in batch[i : i + size]
                    ]
                    await task.batch_defer_async(*jobs)
            return time.perf_counter() - started

        return float(_run(where, 1, body))

    def _worker(self, app: procrastinate.App, *, wait: bool) -> Awaitable[None]:
        return app.run_worker_async(
            concurrency=CONCURRENCY,
            wait=wait,
            listen_notify=True,
            install_signal_handlers=False,
        )

    def drain_worker(self, gate: Gate, where: str) -> Drained:
        global _on_run
        processed = 0
        first: float | None = None

        def count(application: dict[str, Any]) -> None:
            nonlocal processed, first
            if first is None:
                first = time.time()
            processed += 1

        _on_run = count

        async def body(app: procrastinate.App) -> Drained:
            gate.ready()
            await self._worker(app, wait=False)
            return Drained(first, time.time(), processed)

        result: Drained = _run(where, CONCURRENCY, body)
        return result

    def latency_consumer(self, gate: Gate, where: str, report: Any) -> None:
        global _on_run
        _on_run = lambda application: report.put((application["ref"], time.time()))  # noqa: E731

        async def body(app: procrastinate.App) -> None:
            gate.ready()
            worker = asyncio.ensure_future(self._worker(app, wait=True))
            while not gate.stopped() and not worker.done():
                await asyncio.sleep(0.05)
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker

        _run(where, CONCURRENCY, body)

    def latency_producer(
        self, gate: Gate, where: str, batch: Sequence[dict[str, Any]], gaps: Sequence[float]
    ) -> list[tuple[str, float]]:
        async def body(app: procrastinate.App) -> list[tuple[str, float]]:
            task = app.tasks[TASK_NAME]
            sent: list[tuple[str, float]] = []
            gate.ready()
            await asyncio.sleep(LATENCY_WARMUP)
            for record, gap in zip(batch, gaps, strict=True):
                await asyncio.sleep(gap)
                sent.append((record["ref"], time.time()))
                await task.defer_async(application=record)
            return sent

        result: list[tuple[str, float]] = _run(where, 1, body)
        return result
