"""The SQLite task pool: one file, WAL, shared by the worker processes of one host."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

from robotlib.model import Application, Decision, Priority, ResultRecord, Task, TaskStatus
from scheduler.errors import PoolSchemaError
from scheduler.pool import sqlite_queries as q
from scheduler.pool.base import (
    DEFAULT_LEASE_SECONDS,
    DEFAULT_MAX_ATTEMPTS,
    SubmitReport,
    TaskPool,
    TaskTiming,
)

SCHEMA_VERSION = 1
_RESULTS_PAGE_SIZE = 500


class _Refused(Exception):
    """Roll the transaction back: the lease is no longer ours."""


class SqlitePool(TaskPool):
    """A pool in one SQLite file.

    Every write is one ``BEGIN IMMEDIATE`` transaction, so claims from several processes
    serialise on SQLite's single writer and never hand out a task twice. ``synchronous=FULL``
    makes a committed claim or result survive a power cut. One connection per pool object,
    guarded by a lock so a worker's heartbeat thread can share it.
    """

    def __init__(self, path: Path | str, *, busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(
            self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
        self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")
        self._db.execute("PRAGMA foreign_keys = ON")
        self._create_schema()

    def _create_schema(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version != 0:
            raise PoolSchemaError(
                f"pool database {self.path} has schema version {version}; this veribot "
                f"knows version {SCHEMA_VERSION}: use a newer veribot or a new database"
            )
        schema = files("scheduler.pool").joinpath("sqlite_schema.sql").read_text("utf-8")
        # several worker processes may open a fresh file at once: create under the write lock
        self._db.executescript(f"BEGIN IMMEDIATE;\n{schema}\nCOMMIT;")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def submit(
        self,
        applications: Iterable[Application],
        scopes: Mapping[str, Collection[str]] | None = None,
        *,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    ) -> SubmitReport:
        report = SubmitReport()
        scopes = scopes or {}
        now = time.time()
        with self._transaction() as db:
            for app in applications:
                cursor = db.execute(
                    q.INSERT_TASK,
                    {
                        "ref": app.ref,
                        "kind": app.kind,
                        "pool": app.branch,
                        "priority": (app.priority or Priority.NORMAL).value,
                        "scopes": json.dumps(sorted(set(scopes.get(app.kind, ())))),
                        "payload": app.model_dump_json(),
                        "max_attempts": max_attempts,
                        "now": now,
                    },
                )
                (report.submitted if cursor.rowcount else report.duplicates).append(app.ref)
        return report

    def claim(
        self,
        worker_id: str,
        kinds: Collection[str],
        scopes_held: Collection[str],
        limit: int = 1,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
    ) -> list[Task]:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        if not kinds:
            return []
        now = time.time()
        rows = []
        with self._transaction() as db:
            ids = db.execute(
                q.SELECT_CLAIMABLE,
                {
                    "now": now,
                    "kinds": json.dumps(sorted(kinds)),
                    "held": json.dumps(sorted(scopes_held)),
                    "limit": limit,
                },
            ).fetchall()
            for (task_id,) in ids:
                rows.append(
                    db.execute(
                        q.LEASE_TASK,
                        {
                            "id": task_id,
                            "token": uuid.uuid4().hex,
                            "worker": worker_id,
                            "lease_until": now + lease_seconds,
                            "now": now,
                        },
                    ).fetchone()
                )
        return [
            Task(
                id=task_id,
                ref=ref,
                kind=kind,
                pool=pool,
                priority=priority,
                attempts=attempts,
                lease_token=token,
                application=Application.model_validate_json(payload),
            )
            for task_id, ref, kind, pool, priority, attempts, token, payload in rows
        ]

    def heartbeat(self, task: Task, lease_seconds: float = DEFAULT_LEASE_SECONDS) -> bool:
        now = time.time()
        with self._transaction() as db:
            cursor = db.execute(
                q.RENEW_LEASE,
                {
                    "id": task.id,
                    "token": task.lease_token,
                    "lease_until": now + lease_seconds,
                    "now": now,
                },
            )
        return cursor.rowcount == 1

    def complete(self, task: Task, result: ResultRecord) -> bool:
        try:
            with self._transaction() as db:
                self._finish(db, task.id, task.lease_token, result)
        except _Refused:
            return False
        return True

    def fail(
        self,
        task: Task,
        error: str,
        retry_in: float,
        reasons: Sequence[str] = (),
    ) -> TaskStatus | None:
        now = time.time()
        try:
            with self._transaction() as db:
                leased = db.execute(
                    q.SELECT_LEASED, {"id": task.id, "token": task.lease_token}
                ).fetchone()
                if leased is None:
                    raise _Refused
                attempts, max_attempts = leased
                if attempts >= max_attempts:
                    dead = _dead_result(task.ref, task.kind, attempts, error, reasons)
                    self._finish(db, task.id, task.lease_token, dead)
                    return TaskStatus.DEAD
                db.execute(
                    q.RETRY_LATER,
                    {
                        "id": task.id,
                        "token": task.lease_token,
                        "not_before": now + retry_in,
                        "error": error,
                        "now": now,
                    },
                )
                return TaskStatus.PENDING
        except _Refused:
            return None

    def requeue_expired(self) -> int:
        now = time.time()
        with self._transaction() as db:
            expired = db.execute(q.SELECT_EXPIRED, {"now": now}).fetchall()
            for task_id, ref, kind, attempts, max_attempts, token in expired:
                error = "the worker holding the task stopped renewing its lease"
                if attempts >= max_attempts:
                    dead = _dead_result(ref, kind, attempts, error, ())
                    self._finish(db, task_id, token, dead)
                else:
                    db.execute(
                        q.RETRY_LATER,
                        {
                            "id": task_id,
                            "token": token,
                            "not_before": now,
                            "error": error,
                            "now": now,
                        },
                    )
        return len(expired)

    @staticmethod
    def _finish(db: sqlite3.Connection, task_id: int, token: str, result: ResultRecord) -> None:
        """Mark the task done or dead and store its result, or raise ``_Refused``."""
        now = time.time()
        finished = db.execute(
            q.FINISH_TASK,
            {
                "id": task_id,
                "token": token,
                "status": result.status.value,
                "error": result.error,
                "now": now,
            },
        )
        if finished.rowcount != 1:
            raise _Refused
        try:
            db.execute(
                q.INSERT_RESULT,
                {
                    "ref": result.ref,
                    "payload": result.model_dump_json(),
                    "decision": None if result.decision is None else result.decision.value,
                    "now": now,
                },
            )
        except sqlite3.IntegrityError:
            raise _Refused from None

    def counts(self, kinds: Collection[str] | None = None) -> dict[TaskStatus, int]:
        with self._lock:
            rows = self._db.execute(q.COUNT_BY_STATUS, {"kinds": _json_list(kinds)}).fetchall()
        counts = dict.fromkeys(TaskStatus, 0)
        for status, count in rows:
            counts[TaskStatus(status)] = count
        return counts

    def pending_count(self, kinds: Collection[str] | None = None) -> int:
        with self._lock:
            (count,) = self._db.execute(q.COUNT_PENDING, {"kinds": _json_list(kinds)}).fetchone()
        return int(count)

    def results(self, status: TaskStatus | None = None) -> Iterator[ResultRecord]:
        after = ""
        while True:
            with self._lock:
                page = self._db.execute(
                    q.RESULTS_PAGE,
                    {
                        "after": after,
                        "status": None if status is None else status.value,
                        "limit": _RESULTS_PAGE_SIZE,
                    },
                ).fetchall()
            for ref, task_status, kind, attempts, last_error, payload in page:
                if payload is not None:
                    yield ResultRecord.model_validate_json(payload)
                else:
                    yield ResultRecord(
                        ref=ref,
                        status=TaskStatus(task_status),
                        bot=kind,
                        attempts=attempts,
                        error=last_error,
                    )
            if len(page) < _RESULTS_PAGE_SIZE:
                return
            after = page[-1][0]

    def timings(self) -> list[TaskTiming]:
        with self._lock:
            rows = self._db.execute(q.TIMINGS).fetchall()
        return [TaskTiming(*row) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _json_list(values: Collection[str] | None) -> str | None:
    return None if values is None else json.dumps(sorted(values))


def _dead_result(
    ref: str, kind: str, attempts: int, error: str, reasons: Sequence[str]
) -> ResultRecord:
    """The result of a task that failed too often: a human reviews it, never approve."""
    return ResultRecord(
        ref=ref,
        status=TaskStatus.DEAD,
        decision=Decision.REVIEW,
        reasons=list(reasons),
        bot=kind,
        attempts=attempts,
        error=error,
    )
