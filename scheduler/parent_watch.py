"""A worker process stops when its parent (the supervisor) dies: nobody else would stop it,
replace it or return its expired leases, and an operator who killed the parent expects the
host to stop working for the pool."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading

from loguru import logger

#: prctl(2) option: the signal the kernel sends this process when its parent thread exits
PR_SET_PDEATHSIG = 1
#: the longest a watch waits between two looks at the parent
MAX_WATCH_SECONDS = 1.0


def signal_me_when_parent_dies(signum: int = signal.SIGTERM) -> bool:
    """Ask the kernel to send ``signum`` to this process when its parent dies (Linux only).

    :returns: whether the kernel took the request (False elsewhere, or when prctl failed).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


class ParentWatch:
    """Sets ``stop`` once the process ``parent_pid`` is no longer this process's parent.

    A daemon thread looks every ``interval`` seconds (at most ``MAX_WATCH_SECONDS``): a dead
    parent's children are adopted by init or a subreaper, so the parent pid changes. It
    backs up ``signal_me_when_parent_dies``, which is Linux-only and misses a parent that
    died before the request was made.
    """

    def __init__(self, parent_pid: int, stop: threading.Event, interval: float) -> None:
        self.parent_pid = parent_pid
        self.stop = stop
        self.interval = min(interval, MAX_WATCH_SECONDS)
        self._thread = threading.Thread(target=self._watch, name="parent-watch", daemon=True)

    def start(self) -> ParentWatch:
        """Start watching in a daemon thread; returns the watch."""
        self._thread.start()
        return self

    def parent_alive(self) -> bool:
        """Whether ``parent_pid`` is still this process's parent."""
        return os.getppid() == self.parent_pid

    def _watch(self) -> None:
        while self.parent_alive():
            if self.stop.wait(self.interval):
                return
        logger.warning(
            "the supervisor (pid {pid}) is gone: stopping after the current task",
            pid=self.parent_pid,
        )
        self.stop.set()
