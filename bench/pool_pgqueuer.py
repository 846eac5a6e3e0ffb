"""pgqueuer in the benchmark: asyncpg driver under uvloop, as its CLI (``pgq run``) runs it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from importlib.metadata import version
from typing import Any

import asyncpg
import uvloop
from pgqueuer.db import AsyncpgDriver
from pgqueuer.models import Job
from pgqueuer.qm import QueueManager
from pgqueuer.queries import Queries
from pgqueuer.types import QueueExecutionMode
from pool_harness import LATENCY_WARMUP, Drained, Gate, System, fresh_pg_database

ENTRYPOINT = "bench_noop"
#: pgqueuer's default dequeue batch, also the one its own benchmark tool uses
BATCH_SIZE = 10


def _payload(record: dict[str, Any]) -> bytes:
    return json.dumps(record).encode()


async def _watch_stop(gate: Gate, qm: QueueManager) -> None:
    while not gate.stopped():
        await asyncio.sleep(0.05)
    qm.shutdown.set()


class PgqueuerSystem(System):
    key = "pgqueuer"
    label = "pgqueuer"
    backend = "PostgreSQL"

    def settings(self) -> str:
        return (
            f"asyncpg + uvloop; QueueManager.run(batch_size={BATCH_SIZE}), async no-op "
            "entrypoint, completions logged in batches; enqueue 100/call (list form); "
            "durability=durable (logged tables)"
        )

    def versions(self) -> dict[str, str]:
        return {name: version(name) for name in ("pgqueuer", "asyncpg", "uvloop")}

    @contextlib.contextmanager
    def location(self) -> Iterator[str]:
        with fresh_pg_database(f"bench_{self.key}") as url:
            yield url

    @staticmethod
    def _run(where: str, body: Callable[[asyncpg.Connection], Awaitable[Any]]) -> Any:
        async def main() -> Any:
            conn = await asyncpg.connect(where)
            try:
                return await body(conn)
            finally:
                with contextlib.suppress(Exception):
                    await conn.close()

        return uvloop.run(main())

    def install(self, gate: Gate, where: str) -> None:
        async def body(conn: asyncpg.Connection) -> None:
            await Queries(AsyncpgDriver(conn)).install()

        self._run(where, body)

    def enqueue(self, gate: Gate, where: str, batch: Sequence[dict[str, Any]], size: int) -> float:
        payloads = [_payload(record) for record in batch]

        async def body(conn: asyncpg.Connection) -> float:
            queries = Queries(AsyncpgDriver(conn))
            gate.ready()
            started = time.perf_counter()
            if size == 1:
                for payload in payloads:
                    await queries.enqueue(ENTRYPOINT, payload)
            else:
                for i in range(0, len(payloads), size):
                    chunk = payloads[i : i + size]
                    await queries.enqueue([ENTRYPOINT] * len(chunk), list(chunk), [0] * len(chunk))
            return time.perf_counter() - started

        return float(self._run(where, body))

    def drain_worker(self, gate: Gate, where: str) -> Drained:
        async def body(conn: asyncpg.Connection) -> Drained:
            qm = QueueManager(Queries(AsyncpgDriver(conn)))
            processed = 0
            first: float | None = None

            @qm.entrypoint(ENTRYPOINT)
            async def noop(job: Job) -> None:
                nonlocal processed, first
                if first is None:
                    first = time.time()
                processed += 1

            gate.ready()
            await qm.run(batch_size=BATCH_SIZE, mode=QueueExecutionMode.drain)
            return Drained(first, time.time(), processed)

        result: Drained = self._run(where, body)
        return result

    def latency_consumer(self, gate: Gate, where: str, report: Any) -> None:
        async def body(conn: asyncpg.Connection) -> None:
            qm = QueueManager(Queries(AsyncpgDriver(conn)))

            @qm.entrypoint(ENTRYPOINT)
            async def noop(job: Job) -> None:
                report.put((json.loads(job.payload or b"{}")["ref"], time.time()))

            gate.ready()
            watcher = asyncio.create_task(_watch_stop(gate, qm))
            await qm.run(batch_size=BATCH_SIZE)
            await watcher

        self._run(where, body)

    def latency_producer(
        self, gate: Gate, where: str, batch: Sequence[dict[str, Any]], gaps: Sequence[float]
    ) -> list[tuple[str, float]]:
        async def body(conn: asyncpg.Connection) -> list[tuple[str, float]]:
            queries = Queries(AsyncpgDriver(conn))
            sent: list[tuple[str, float]] = []
            gate.ready()
            await asyncio.sleep(LATENCY_WARMUP)
            for record, gap in zip(batch, gaps, strict=True):
                await asyncio.sleep(gap)
                payload = _payload(record)
                sent.append((record["ref"], time.time()))
                await queries.enqueue(ENTRYPOINT, payload)
            return sent

        result: list[tuple[str, float]] = self._run(where, body)
        return result
