"""The SQLite task pool: one file, WAL, shared by the worker processes of one host."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from robotlib.config import PoolConfig
from robotlib.protection import KeyRing
from scheduler.pool.bulk_insert import Inserted, TaskBatch
from scheduler.pool.migrations import migrate_sqlite
from scheduler.pool.queries import load_queries
from scheduler.pool.sql import Row, SqlPool, T, Transaction

QUERIES = load_queries("sqlite_queries.sql")
#: how often an idle ``wait_for_work`` looks at the file's change counter
WATCH_INTERVAL_SECONDS = 0.005


class SqliteTransaction(Transaction):
    """Named queries on a sqlite3 connection; lists become JSON arrays (``json_each``)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        super().__init__(QUERIES)
        self.db = db

    def rows(self, query: str, **params: object) -> list[Row]:
        return self.db.execute(self.queries[query], _bind(params)).fetchall()

    def run(self, query: str, **params: object) -> int:
        return self.db.execute(self.queries[query], _bind(params)).rowcount

    def insert_tasks(self, batch: TaskBatch) -> Inserted:
        """The refs already present in one query, then the new tasks and their documents with
        ``executemany``: exact, as ``BEGIN IMMEDIATE`` holds the write lock throughout."""
        stored: dict[str, str] = dict(self.rows("stored_payloads", refs=batch.refs))
        new = {ref for ref in batch.refs if ref not in stored}
        if new:
            self.db.executemany(self.queries["submit_tasks"], batch.rows(new))
            self.db.executemany(self.queries["insert_document"], batch.document_rows(new))
            self.signal_work()
        return Inserted(new, stored)


class SqlitePool(SqlPool):
    """A pool in one SQLite file.

    Every write is one ``BEGIN IMMEDIATE`` transaction, so claims from several processes
    serialise on SQLite's single writer and never hand out a task twice. ``synchronous=FULL``
    makes a committed claim or result survive a power cut. One connection per pool object,
    guarded by a lock so a worker's heartbeat thread can share it; ``wait_for_work`` watches
    the file from a second connection.
    """

    def __init__(
        self,
        path: Path | str,
        config: PoolConfig | None = None,
        *,
        keyring: KeyRing,
        busy_timeout: float = 30.0,
    ) -> None:
        super().__init__(keyring, config)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._busy_timeout = busy_timeout
        self._lock = threading.RLock()
        self._db = self._connect()
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")
        self._db.execute("PRAGMA foreign_keys = ON")
        # deleted and overwritten content (purged tasks, payloads re-sealed after a key
        # rotation) is zeroed in the file rather than left in free space
        self._db.execute("PRAGMA secure_delete = ON")
        migrate_sqlite(self._db, str(self.path))
        self._watcher: sqlite3.Connection | None = None
        self._seen_version: int | None = None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False
        )
        db.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        return db

    def _transaction(
        self,
        work: Callable[[Transaction], T],
        *,
        write: bool = True,
        single_statement: bool = False,
    ) -> T:
        # always an explicit transaction: BEGIN IMMEDIATE takes the write lock up front, and
        # on a local file BEGIN and COMMIT cost no round trips
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                result = work(SqliteTransaction(self._db))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return result

    def wait_for_work(self, timeout: float) -> bool:
        """Poll ``PRAGMA data_version`` of a second connection every few milliseconds: it
        changes whenever another connection (this pool's own included) commits.

        Call it from one thread at a time.
        """
        if self._watcher is None:
            self._watcher = self._connect()
        deadline = time.monotonic() + timeout
        while True:
            (version,) = self._watcher.execute("PRAGMA data_version").fetchone()
            if version != self._seen_version:
                self._seen_version = version
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(WATCH_INTERVAL_SECONDS, remaining))

    def close(self) -> None:
        with self._lock:
            if self._watcher is not None:
                self._watcher.close()
            self._db.close()


def _bind(params: Mapping[str, object]) -> dict[str, object]:
    """``params`` for sqlite3: lists as JSON arrays, for ``json_each``."""
    return {
        name: json.dumps(value) if isinstance(value, list) else value
        for name, value in params.items()
    }
