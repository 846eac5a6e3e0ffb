"""The PostgreSQL task pool: one database shared by the workers of many hosts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence

import psycopg
from loguru import logger

from robotlib.config import PoolConfig
from robotlib.protection import KeyRing
from scheduler.errors import PoolUnavailable
from scheduler.pool.bulk_insert import Inserted, TaskBatch
from scheduler.pool.migrations import migrate_postgres
from scheduler.pool.postgres_listener import CHANNEL, Listener
from scheduler.pool.queries import load_queries
from scheduler.pool.sql import Finishing, Refused, Row, SqlPool, T, Transaction

QUERIES = load_queries("postgres_queries.sql")
#: the claim half of the ``claim`` statement when only finishing: LIMIT 0 reads nothing
_NO_CLAIM: dict[str, object] = {
    "kinds": [],
    "pools": None,
    "held": [],
    "limit": 0,
    "worker": "",
    "lease_until": 0.0,
}
#: settings of every pool connection. The claim must walk tasks_claim_order in order and stop
#: after ``limit`` rows; with stale statistics (a batch just submitted to a pool the planner
#: believes empty) the planner otherwise reads every waiting task and sorts them, on every
#: claim. Every query of the pool has an index in the order it asks for: none needs a sort.
SESSION_SETTINGS = "SET enable_sort = off"
#: the first pause before an operation is retried on a lost connection; it doubles each time
RETRY_FIRST_SECONDS = 0.05
#: the longest pause between retries
RETRY_MAX_SECONDS = 2.0


class PostgresTransaction(Transaction):
    """Named queries on a psycopg cursor; lists are bound as ``text[]``."""

    def __init__(self, cursor: psycopg.Cursor[Row]) -> None:
        super().__init__(QUERIES)
        self.cursor = cursor

    def rows(self, query: str, **params: object) -> list[Row]:
        self.cursor.execute(self.queries[query], params or None)
        return self.cursor.fetchall()

    def run(self, query: str, **params: object) -> int:
        self.cursor.execute(self.queries[query], params or None)
        return self.cursor.rowcount

    def insert_tasks(self, batch: TaskBatch) -> Inserted:
        """One statement (``submit_tasks``) for the whole batch, its NOTIFY included; a
        second query only for refs that a concurrent submit committed meanwhile."""
        rows = self.rows("submit_tasks", **batch.columns(), channel=CHANNEL)
        new = {ref for tag, ref, _ in rows if tag == "new"}
        stored = {ref: payload for tag, ref, payload in rows if tag == "old"}
        raced = [ref for ref in batch.refs if ref not in new and ref not in stored]
        if raced:
            stored.update(self.rows("stored_payloads", refs=raced))
        return Inserted(new, stored)

    def finish_many(self, finished: Sequence[Finishing], now: float) -> list[bool]:
        """One statement: the leased tasks done or dead, their results stored."""
        return self.finish_and_claim(finished, now, _NO_CLAIM)[0]

    def finish_and_claim(
        self, finished: Sequence[Finishing], now: float, claim: Mapping[str, object]
    ) -> tuple[list[bool], list[Row]]:
        """One statement (``claim``), one commit: finish ``finished``, then claim."""
        try:
            rows = self.rows("claim", **{**_finishing_lists(finished, now), **claim})
        except psycopg.errors.UniqueViolation:
            raise Refused from None  # a result exists; the statement wrote nothing
        stored = {row[1] for row in rows if row[0] is None}
        return _were_stored(finished, stored), [row for row in rows if row[0] is not None]

    def signal_work(self) -> None:
        """``NOTIFY veribot_tasks``: delivered at commit, once per transaction."""
        self.run("notify_work", channel=CHANNEL)


class PostgresPool(SqlPool):
    """A pool in a PostgreSQL database (the tables of the connection's ``search_path``).

    Claims are one statement that walks a partial index of waiting tasks with ``FOR UPDATE
    SKIP LOCKED``, so workers on any number of hosts claim side by side without waiting for
    each other or sharing a task. One query connection per pool object, guarded by a lock
    so a worker's heartbeat thread can share it; ``wait_for_work`` listens on a second one.

    An operation that loses its connection (the server restarted, a network cut) is retried
    on a new one with growing pauses for up to ``reconnect_seconds``, then raises
    ``PoolUnavailable``. Each operation is one transaction, so a retry never applies half of
    one; if the connection dies while the server commits, the retry finds the work done and
    reports a lost lease (``complete`` returns False although the result was stored).

    Times are Unix seconds from the clock of the host that writes them, so hosts sharing a
    pool keep their clocks in step (NTP): a lease written on one host expires by another's.
    """

    def __init__(
        self,
        url: str,
        config: PoolConfig | None = None,
        *,
        keyring: KeyRing,
        reconnect_seconds: float = 60.0,
        connect_timeout: int = 5,
    ) -> None:
        super().__init__(keyring, config)
        self._url = url
        self.reconnect_seconds = reconnect_seconds
        self._connect_timeout = connect_timeout
        self._lock = threading.RLock()
        try:
            conn = self._connect()
        except psycopg.OperationalError as exc:
            raise PoolUnavailable(
                f"cannot connect to the PostgreSQL pool database: {_one_line(exc)}"
            ) from None
        self._conn: psycopg.Connection | None = conn
        migrate_postgres(conn, f"{conn.info.dbname} on {conn.info.host}:{conn.info.port}")
        self._listener = Listener(url, connect_timeout=connect_timeout)

    def _connect(self) -> psycopg.Connection:
        conn = psycopg.connect(self._url, autocommit=True, connect_timeout=self._connect_timeout)
        conn.execute(SESSION_SETTINGS)
        return conn

    finish_is_one_statement = True
    insert_is_one_statement = True

    def _transaction(
        self,
        work: Callable[[Transaction], T],
        *,
        write: bool = True,
        single_statement: bool = False,
    ) -> T:
        with self._lock:
            pause = RETRY_FIRST_SECONDS
            give_up = time.monotonic() + self.reconnect_seconds
            while True:
                try:
                    return self._attempt(work, single_statement)
                except psycopg.OperationalError as exc:
                    self._drop_broken_connection()
                    if time.monotonic() + pause > give_up:
                        raise PoolUnavailable(
                            "the PostgreSQL pool database stayed unreachable for "
                            f"{self.reconnect_seconds:.0f}s: {_one_line(exc)}"
                        ) from exc
                    logger.warning(
                        "PostgreSQL pool: {error}; retrying in {pause:.2f}s",
                        error=_one_line(exc),
                        pause=pause,
                    )
                    time.sleep(pause)
                    pause = min(2 * pause, RETRY_MAX_SECONDS)

    def _attempt(self, work: Callable[[Transaction], T], single_statement: bool) -> T:
        if self._conn is None:
            self._conn = self._connect()
        if single_statement:
            # autocommit: the one statement is its own transaction, one round trip
            with self._conn.cursor() as cursor:
                return work(PostgresTransaction(cursor))
        with self._conn.transaction(), self._conn.cursor() as cursor:
            return work(PostgresTransaction(cursor))

    def _drop_broken_connection(self) -> None:
        """Forget a connection that cannot be used again; keep one that only lost a
        transaction (a deadlock, a serialisation failure)."""
        if self._conn is not None and (self._conn.broken or self._conn.closed):
            self._conn.close()
            self._conn = None

    def wait_for_work(self, timeout: float) -> bool:
        """Wait for ``NOTIFY veribot_tasks`` on the listener's own connection.

        Call it from one thread at a time.
        """
        return self._listener.wait(timeout)

    def close(self) -> None:
        with self._lock:
            self._listener.close()
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def _finishing_lists(finished: Sequence[Finishing], now: float) -> dict[str, object]:
    """The parameters of ``finish_many``: one list per column, in the order of ``finished``."""
    results = [item.result for item in finished]
    return {
        "ids": [item.task_id for item in finished],
        "tokens": [item.token for item in finished],
        "statuses": [result.status.value for result in results],
        "errors": [result.error for result in results],
        "refs": [result.ref for result in results],
        "payloads": [item.payload for item in finished],
        "decisions": [None if r.decision is None else r.decision.value for r in results],
        "now": now,
    }


def _were_stored(finished: Sequence[Finishing], stored_refs: set[str]) -> list[bool]:
    return [item.result.ref in stored_refs for item in finished]


def _one_line(exc: BaseException) -> str:
    """A driver error on one line (libpq's messages span several)."""
    return "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
