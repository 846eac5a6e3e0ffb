"""The PostgreSQL database: one schema shared by the processes of many hosts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import psycopg
from loguru import logger
from typing_extensions import override

from scheduler.db.database import Database
from scheduler.db.migrations import Migration, migrate_postgres, postgres_version
from scheduler.db.queries import load_queries
from scheduler.db.transaction import Row, Transaction
from scheduler.errors import PoolUnavailable

T = TypeVar("T")
#: the first pause before an operation is retried on a lost connection; it doubles each time
RETRY_FIRST_SECONDS = 0.05
#: the longest pause between retries
RETRY_MAX_SECONDS = 2.0


class PostgresTransaction(Transaction):
    """Named queries on a psycopg cursor; lists are bound as ``text[]``."""

    def __init__(self, cursor: psycopg.Cursor[Row]) -> None:
        super().__init__(load_queries("postgres"))
        self.cursor = cursor

    @override
    def rows(self, query: str, **params: object) -> list[Row]:
        self.cursor.execute(self.queries[query], params or None)
        return self.cursor.fetchall()

    @override
    def run(self, query: str, **params: object) -> int:
        self.cursor.execute(self.queries[query], params or None)
        return self.cursor.rowcount

    @override
    def run_each(self, query: str, param_sets: Sequence[Mapping[str, object]]) -> None:
        if param_sets:
            # pipelined: one round trip for the whole batch
            self.cursor.executemany(self.queries[query], param_sets)


class PostgresDatabase(Database):
    """A database in PostgreSQL (the tables of the connection's ``search_path``).

    One connection per object, guarded by a lock so threads can share it. An operation that
    loses its connection (the server restarted, a network cut) is retried on a new one with
    growing pauses for up to ``reconnect_seconds`` (0: not retried, the next operation
    connects again), then raises ``PoolUnavailable``. Each operation is one transaction, so
    a retry never applies half of one; if the connection dies while the server commits, the
    retry finds the work done.

    :param session_settings: a statement run on every new connection (``SET ...``).
    :raises PoolUnavailable: the server cannot be reached.
    """

    backend = "postgres"

    def __init__(
        self,
        url: str,
        *,
        reconnect_seconds: float = 60.0,
        connect_timeout: int = 5,
        session_settings: str | None = None,
        migrate: bool = True,
    ) -> None:
        self.url = url
        self.reconnect_seconds = reconnect_seconds
        self.connect_timeout = connect_timeout
        self._session_settings = session_settings
        self._lock = threading.RLock()
        try:
            conn = self._connect()
        except psycopg.OperationalError as exc:
            raise PoolUnavailable(
                f"cannot connect to the PostgreSQL pool database: {one_line(exc)}"
            ) from None
        self._conn: psycopg.Connection | None = conn
        self.where = f"{conn.info.dbname} on {conn.info.host}:{conn.info.port}"
        if migrate:
            self.migrate()

    def _connect(self) -> psycopg.Connection:
        conn = psycopg.connect(self.url, autocommit=True, connect_timeout=self.connect_timeout)
        if self._session_settings:
            conn.execute(self._session_settings)
        return conn

    @override
    def transaction(
        self,
        work: Callable[[Transaction], T],
        *,
        write: bool = True,
        single_statement: bool = False,
    ) -> T:
        return self._retrying(lambda conn: _attempt(conn, work, single_statement))

    def _retrying(self, operation: Callable[[psycopg.Connection], T]) -> T:
        """``operation`` on the connection, retried on a new one while it is lost."""
        with self._lock:
            pause = RETRY_FIRST_SECONDS
            give_up = time.monotonic() + self.reconnect_seconds
            while True:
                try:
                    if self._conn is None:
                        self._conn = self._connect()
                    return operation(self._conn)
                except psycopg.OperationalError as exc:
                    self._drop_broken_connection()
                    if time.monotonic() + pause > give_up:
                        raise self._unavailable(exc) from exc
                    logger.warning(
                        "PostgreSQL pool: {error}; retrying in {pause:.2f}s",
                        error=one_line(exc),
                        pause=pause,
                    )
                    time.sleep(pause)
                    pause = min(2 * pause, RETRY_MAX_SECONDS)

    def _unavailable(self, exc: psycopg.OperationalError) -> PoolUnavailable:
        if self.reconnect_seconds <= 0:
            return PoolUnavailable(
                f"the PostgreSQL pool database connection was lost: {one_line(exc)}"
            )
        return PoolUnavailable(
            "the PostgreSQL pool database stayed unreachable for "
            f"{self.reconnect_seconds:.0f}s: {one_line(exc)}"
        )

    def _drop_broken_connection(self) -> None:
        """Forget a connection that cannot be used again; keep one that only lost a
        transaction (a deadlock, a serialisation failure)."""
        if self._conn is not None and (self._conn.broken or self._conn.closed):
            self._conn.close()
            self._conn = None

    @override
    def schema_version(self) -> int:
        return self._retrying(postgres_version)

    @override
    def migrate(self) -> list[Migration]:
        return self._retrying(lambda conn: migrate_postgres(conn, self.where))

    @override
    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def _attempt(
    conn: psycopg.Connection, work: Callable[[Transaction], T], single_statement: bool
) -> T:
    if single_statement:
        # autocommit: the one statement is its own transaction, one round trip
        with conn.cursor() as cursor:
            return work(PostgresTransaction(cursor))
    with conn.transaction(), conn.cursor() as cursor:
        return work(PostgresTransaction(cursor))


def one_line(exc: BaseException) -> str:
    """A driver error on one line (libpq's messages span several)."""
    return "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
