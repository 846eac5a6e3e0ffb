"""Schedules and the leader lease in the pool's database (SQLite or PostgreSQL).

The tables come with the pool's migrations; a store opens the pool once to apply them, then
uses a connection of its own. Every query is written once with ``:name`` parameters.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from robotlib.config import Config
from scheduler.cron.expression import ScheduleError, check, next_run
from scheduler.errors import PoolUnavailable
from scheduler.pool import open_configured_pool

_SELECT = "SELECT name, cron, timezone, command, workdir, next_run_at, last_run_at, last_status"
Q = {
    "add": "INSERT INTO schedules (name, cron, timezone, command, workdir, next_run_at, "
    "created_at) VALUES (:name, :cron, :timezone, :command, :workdir, :next_run_at, :now)",
    "all": f"{_SELECT} FROM schedules ORDER BY name",
    "due": f"{_SELECT} FROM schedules WHERE next_run_at <= :now ORDER BY next_run_at, name",
    "remove": "DELETE FROM schedules WHERE name = :name",
    # compare-and-set: of two schedulers that see one due run, only one moves it on
    "take": "UPDATE schedules SET next_run_at = :next_run_at, last_run_at = :now, "
    "last_status = 'started' WHERE name = :name AND next_run_at = :due",
    "finish": "UPDATE schedules SET last_status = :status WHERE name = :name",
    "lead": "INSERT INTO scheduler_leader (id, holder, lease_until) VALUES (1, :holder, :until) "
    "ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until "
    "WHERE scheduler_leader.holder = excluded.holder OR scheduler_leader.lease_until < :now",
    "leader": "SELECT holder FROM scheduler_leader WHERE id = 1",
    "resign": "DELETE FROM scheduler_leader WHERE holder = :holder",
}
_PARAM = re.compile(r":([a-z_]+)")


@dataclass(frozen=True)
class Schedule:
    """A command run whenever its cron expression says."""

    name: str
    cron: str
    timezone: str
    command: list[str]
    workdir: str
    next_run_at: float
    last_run_at: float | None = None
    last_status: str | None = None


class ScheduleStore:
    """The schedules of one database; one connection, autocommit (each query stands alone).

    Close it with ``close()`` (``contextlib.closing`` in a ``with``).
    """

    def __init__(self, config: Config) -> None:
        url = config.database_url
        open_configured_pool(config).close()  # applies the migrations that add the tables
        self._postgres = not url.startswith("sqlite:///")
        self._url = url
        self._conn: Any
        if self._postgres:
            self._conn = self._connect_postgres()
        else:
            path = Path(url.removeprefix("sqlite:///"))
            self._conn = sqlite3.connect(path, timeout=30.0, isolation_level=None)

    def _connect_postgres(self) -> psycopg.Connection[Any]:
        try:
            return psycopg.connect(self._url, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise PoolUnavailable(f"the schedules' database cannot be reached: {exc}") from None

    def _run(self, query: str, /, **params: object) -> Any:
        sql = Q[query]
        if not self._postgres:
            return self._conn.execute(sql, params)
        sql = _PARAM.sub(r"%(\1)s", sql)
        if self._conn.closed:  # lost earlier (server restart, failover): connect again
            self._conn = self._connect_postgres()
        try:
            return self._conn.execute(sql, params)
        except psycopg.OperationalError as exc:
            if not self._conn.closed:
                raise
            # Each query stands alone (autocommit), so the caller's next call starts afresh on
            # a new connection; this one is reported, not retried, because a lost reply to
            # ``take`` must not fire a run twice.
            raise PoolUnavailable(f"the schedules' database connection was lost: {exc}") from None

    def add(
        self,
        name: str,
        cron: str,
        command: Sequence[str],
        *,
        timezone: str = "UTC",
        workdir: str = ".",
        now: float | None = None,
    ) -> Schedule:
        """Store a new schedule; its first run is the next time ``cron`` names.

        :raises ScheduleError: invalid expression, zone or command, or the name is taken.
        """
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", name):
            raise ScheduleError(f"schedule name {name!r}: use letters, digits, . _ - (max 64)")
        if not command:
            raise ScheduleError("a schedule needs a command to run")
        check(cron, timezone)
        now = time.time() if now is None else now
        schedule = Schedule(
            name, cron, timezone, list(command), workdir, next_run(cron, timezone, now)
        )
        try:
            self._run(
                "add",
                name=name,
                cron=cron,
                timezone=timezone,
                command=json.dumps(schedule.command),
                workdir=workdir,
                next_run_at=schedule.next_run_at,
                now=now,
            )
        except (sqlite3.IntegrityError, psycopg.errors.UniqueViolation):
            raise ScheduleError(f"a schedule named {name!r} exists; remove it first") from None
        return schedule

    def remove(self, name: str) -> bool:
        """Delete the schedule ``name``; False if there was none."""
        return bool(self._run("remove", name=name).rowcount)

    def all(self) -> list[Schedule]:
        """Every schedule."""
        return [_schedule(row) for row in self._run("all").fetchall()]

    def due(self, now: float) -> list[Schedule]:
        """The schedules due to run at ``now``."""
        return [_schedule(row) for row in self._run("due", now=now).fetchall()]

    def take(self, schedule: Schedule, now: float) -> bool:
        """Move a due schedule to its next run; True if this caller fires it (no one else).

        A run missed while no scheduler ran fires once, late; the next one is counted from
        now, so a long outage does not fire a burst.
        """
        following = next_run(schedule.cron, schedule.timezone, now)
        taken = self._run(
            "take",
            name=schedule.name,
            next_run_at=following,
            now=now,
            due=schedule.next_run_at,
        )
        return bool(taken.rowcount)

    def finish(self, name: str, status: str) -> None:
        """Record how the run of the schedule ``name`` ended."""
        self._run("finish", name=name, status=status)

    def lead(self, holder: str, lease_seconds: float, now: float) -> bool:
        """Take or renew the leader lease; True while ``holder`` leads."""
        self._run("lead", holder=holder, until=now + lease_seconds, now=now)
        row = self._run("leader").fetchone()
        return row is not None and row[0] == holder

    def resign(self, holder: str) -> None:
        """Give up the lease at once, so another scheduler takes over without waiting."""
        self._run("resign", holder=holder)

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()


def _schedule(row: Sequence[Any]) -> Schedule:
    name, cron, timezone, command, workdir, next_run_at, last_run_at, last_status = row
    return Schedule(
        name, cron, timezone, json.loads(command), workdir, next_run_at, last_run_at, last_status
    )
