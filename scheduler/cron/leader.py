"""The cron role: the leading scheduler fires due schedules; the others stand by.

Every host may run ``veribot scheduler``; they share one leader lease in the database, so one
of them fires schedules and another takes over within a lease when it stops. Even two
schedulers that both believe they lead (a paused process whose lease ran out) fire a run
once: each run is taken with a compare-and-set on its due time (``ScheduleStore.take``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from loguru import logger

from scheduler.cron.store import Schedule, ScheduleStore
from scheduler.errors import PoolUnavailable

Launcher = Callable[[Schedule], subprocess.Popen[bytes]]


def launch(schedule: Schedule) -> subprocess.Popen[bytes]:
    """Start the schedule's command in its folder, without a shell."""
    return subprocess.Popen(schedule.command, cwd=schedule.workdir)


@dataclass
class CronScheduler:
    """One ``veribot scheduler`` process."""

    store: ScheduleStore
    holder: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")
    lease_seconds: float = 30.0
    tick_seconds: float = 1.0
    launcher: Launcher = launch
    running: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def tick(self, now: float | None = None) -> list[str]:
        """Renew or take the lease; when leading, start every due schedule.

        A schedule whose previous run is still going is not started twice: that run is
        skipped (and logged), as cron users expect from a ``flock``-wrapped job.

        :returns: the names of the schedules started.
        """
        now = time.time() if now is None else now
        self._reap()
        if not self.store.lead(self.holder, self.lease_seconds, now):
            return []
        started = []
        for schedule in self.store.due(now):
            if not self.store.take(schedule, now):
                continue  # another scheduler fired it
            if schedule.name in self.running:
                logger.warning(
                    "schedule {name}: previous run still going, skipped", name=schedule.name
                )
                self.store.finish(schedule.name, "skipped: previous run still going")
                continue
            try:
                self.running[schedule.name] = self.launcher(schedule)
            except OSError as exc:
                logger.error(
                    "schedule {name} cannot start: {error}", name=schedule.name, error=str(exc)
                )
                self.store.finish(schedule.name, f"cannot start: {exc.strerror}")
                continue
            logger.info("schedule {name} started", name=schedule.name)
            started.append(schedule.name)
        return started

    def _reap(self) -> None:
        for name, process in list(self.running.items()):
            code = process.poll()
            if code is not None:
                self.store.finish(name, f"exit {code}")
                del self.running[name]  # after the status is stored: an outage retries it

    def run(self, stop: threading.Event) -> None:
        """Tick until ``stop`` is set, then resign so another host takes over at once.

        Runs still going are left to finish on their own.

        Losing the database (a restart, a failover) does not end the scheduler: it logs the
        outage, retries every tick and, once back, leads again if its lease is still its own or
        has run out; a run that fell due meanwhile fires once, late.
        """
        down = False
        try:
            while not stop.is_set():
                try:
                    self.tick()
                except PoolUnavailable as exc:
                    if not down:
                        logger.warning("scheduler: database unavailable, retrying: {e}", e=exc)
                    down = True
                else:
                    if down:
                        logger.info("scheduler: database reachable again")
                    down = False
                stop.wait(self.tick_seconds)
        finally:
            with contextlib.suppress(PoolUnavailable):
                self.store.resign(self.holder)
