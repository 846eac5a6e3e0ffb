"""Keeping a claimed task's lease alive while its bot works."""

from __future__ import annotations

import threading
from types import TracebackType

from loguru import logger

from robotlib.model import Task
from scheduler.pool.base import TaskPool


class LeaseKeeper:
    """A context manager that renews ``task``'s lease for ``lease_seconds`` every
    ``heartbeat_seconds`` from a background thread.

    Leave the block before completing or failing the task, so that no heartbeat races the
    final write. ``lost`` tells whether the pool refused a renewal (the task was requeued).
    """

    def __init__(
        self, pool: TaskPool, task: Task, lease_seconds: float, heartbeat_seconds: float
    ) -> None:
        self.pool = pool
        self.task = task
        self.lease_seconds = lease_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name=f"lease-{task.id}", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _renew(self) -> None:
        log = logger.bind(task=self.task.ref)
        while not self._stop.wait(self.heartbeat_seconds):
            try:
                held = self.pool.heartbeat(self.task, self.lease_seconds)
            except Exception as exc:
                # a busy database is no reason to give the task up: try at the next beat
                log.warning("heartbeat failed ({error}); retrying", error=type(exc).__name__)
                continue
            if not held:
                self.lost = True
                log.warning("lease lost: the task was requeued while it ran")
                return
