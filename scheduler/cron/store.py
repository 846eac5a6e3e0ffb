"""Schedules and the leader lease in the pool's database (SQLite or PostgreSQL).

The tables come with the database's migrations and the statements are the named queries of
``scheduler/db/queries/<backend>_cron.sql``; each operation is one transaction.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from robotlib.config import Config
from scheduler.cron.expression import ScheduleError, check, next_run
from scheduler.db import Database, Row, Transaction, open_database


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
    """The schedules of one database.

    On PostgreSQL an operation that loses its connection is not retried: it raises
    ``PoolUnavailable`` and the next one connects again. A lost reply to ``take`` must not
    be mistaken for another scheduler's run, and the scheduler's tick retries anyway.

    Close it with ``close()`` (``contextlib.closing`` in a ``with``).
    """

    def __init__(self, config: Config) -> None:
        self.database: Database = open_database(config.database_url, reconnect_seconds=0)

    def _rows(self, query: str, /, **params: object) -> list[Row]:
        return self.database.transaction(lambda tx: tx.rows(query, **params), write=False)

    def _run(self, query: str, /, **params: object) -> int:
        return self.database.transaction(lambda tx: tx.run(query, **params), single_statement=True)

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
        added = self._run(
            "schedule_add",
            name=name,
            cron=cron,
            timezone=timezone,
            command=json.dumps(schedule.command),
            workdir=workdir,
            next_run_at=schedule.next_run_at,
            now=now,
        )
        if not added:
            raise ScheduleError(f"a schedule named {name!r} exists; remove it first")
        return schedule

    def remove(self, name: str) -> bool:
        """Delete the schedule ``name``; False if there was none."""
        return bool(self._run("schedule_remove", name=name))

    def all(self) -> list[Schedule]:
        """Every schedule, by name."""
        return [_schedule(row) for row in self._rows("schedules_all")]

    def due(self, now: float) -> list[Schedule]:
        """The schedules whose next run is at ``now`` or before, soonest first."""
        return [_schedule(row) for row in self._rows("schedules_due", now=now)]

    def take(self, schedule: Schedule, now: float) -> bool:
        """Move a due schedule to its next run; True if this caller fires it (no one else).

        A run missed while no scheduler ran fires once, late; the next one is counted from
        now, so a long outage does not fire a burst.
        """
        following = next_run(schedule.cron, schedule.timezone, now)
        taken = self._run(
            "schedule_take",
            name=schedule.name,
            next_run_at=following,
            now=now,
            due=schedule.next_run_at,
        )
        return bool(taken)

    def finish(self, name: str, status: str) -> None:
        """Record how the last run of ``name`` went (``exit 0``, ``skipped: ...``)."""
        self._run("schedule_finish", name=name, status=status)

    def lead(self, holder: str, lease_seconds: float, now: float) -> bool:
        """Take or renew the leader lease; True while ``holder`` leads."""

        def work(tx: Transaction) -> bool:
            tx.run("leader_lead", holder=holder, until=now + lease_seconds, now=now)
            row = tx.row("leader_holder")
            return row is not None and row[0] == holder

        return self.database.transaction(work)

    def resign(self, holder: str) -> None:
        """Give up the lease at once, so another scheduler takes over without waiting."""
        self._run("leader_resign", holder=holder)

    def close(self) -> None:
        """Release the database connection."""
        self.database.close()


def _schedule(row: Sequence[Any]) -> Schedule:
    name, cron, timezone, command, workdir, next_run_at, last_run_at, last_status = row
    return Schedule(
        name, cron, timezone, json.loads(command), workdir, next_run_at, last_run_at, last_status
    )
