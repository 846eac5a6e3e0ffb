"""The SQLite database: one file, WAL, shared by the processes of one host."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from typing_extensions import override

from scheduler.db.database import Database
from scheduler.db.migrations import Migration, migrate_sqlite, sqlite_version
from scheduler.db.queries import load_queries
from scheduler.db.transaction import Row, Transaction

T = TypeVar("T")
#: how often an idle ``wait_for_commit`` looks at the file's change counter
WATCH_INTERVAL_SECONDS = 0.005


class SqliteTransaction(Transaction):
    """Named queries on a sqlite3 connection; lists become JSON arrays (``json_each``)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        super().__init__(load_queries("sqlite"))
        self.db = db

    @override
    def rows(self, query: str, **params: object) -> list[Row]:
        return self.db.execute(self.queries[query], _bind(params)).fetchall()

    @override
    def run(self, query: str, **params: object) -> int:
        return self.db.execute(self.queries[query], _bind(params)).rowcount

    @override
    def run_each(self, query: str, param_sets: Sequence[Mapping[str, object]]) -> None:
        self.db.executemany(self.queries[query], [_bind(params) for params in param_sets])


class SqliteDatabase(Database):
    """A database in one SQLite file.

    Every write is one ``BEGIN IMMEDIATE`` transaction, so writers from several processes
    serialise on SQLite's single writer. ``synchronous=FULL`` makes a commit survive a power
    cut. One connection per object, guarded by a lock so threads can share it;
    ``wait_for_commit`` watches the file from a second connection.
    """

    backend = "sqlite"

    def __init__(
        self, path: Path | str, *, busy_timeout: float = 30.0, migrate: bool = True
    ) -> None:
        self.path = Path(path)
        self.where = str(self.path)
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
        if migrate:
            self.migrate()
        self._watcher: sqlite3.Connection | None = None
        self._seen_version: int | None = None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False
        )
        db.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        return db

    @override
    def transaction(
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

    @override
    def schema_version(self) -> int:
        with self._lock:
            return sqlite_version(self._db)

    @override
    def migrate(self) -> list[Migration]:
        with self._lock:
            return migrate_sqlite(self._db, self.where)

    def wait_for_commit(self, timeout: float) -> bool:
        """Poll ``PRAGMA data_version`` of a second connection every few milliseconds: it
        changes whenever another connection (this object's own included) commits.

        :returns: True on a commit (and on the first call), False after ``timeout`` seconds
            without one. Call it from one thread at a time.
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

    @override
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
