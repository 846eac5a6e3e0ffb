"""The SQLite task pool: one file, WAL, shared by the worker processes of one host."""

from __future__ import annotations

from pathlib import Path

from typing_extensions import override

from robotlib.config import PoolConfig
from robotlib.protection import KeyRing
from scheduler.db import Transaction
from scheduler.db.sqlite import SqliteDatabase
from scheduler.pool.bulk_insert import Inserted, TaskBatch
from scheduler.pool.sql import SqlPool


class SqlitePool(SqlPool):
    """A pool in one SQLite file (``scheduler.db.sqlite``).

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
        self.sqlite = SqliteDatabase(path, busy_timeout=busy_timeout)
        super().__init__(self.sqlite, keyring, config)
        self.path = self.sqlite.path

    @override
    def _insert_tasks(self, tx: Transaction, batch: TaskBatch) -> Inserted:
        """The refs already present in one query, then the new tasks and their documents with
        ``executemany``: exact, as ``BEGIN IMMEDIATE`` holds the write lock throughout."""
        stored: dict[str, str] = dict(tx.rows("stored_payloads", refs=batch.refs))
        new = {ref for ref in batch.refs if ref not in stored}
        if new:
            tx.run_each("submit_tasks", batch.rows(new))
            tx.run_each("insert_document", batch.document_rows(new))
            self._signal_work(tx)
        return Inserted(new, stored)

    def wait_for_work(self, timeout: float) -> bool:
        """Wait for a commit to the file (``SqliteDatabase.wait_for_commit``): any commit,
        this pool's own included, may have made work claimable.

        Call it from one thread at a time.
        """
        return self.sqlite.wait_for_commit(timeout)

    @override
    def close(self) -> None:
        self.sqlite.close()
