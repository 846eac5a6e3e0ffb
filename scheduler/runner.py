"""Running N worker processes on one host: the supervisor (parent) role.

The parent never runs a bot. It starts the workers (``spawn``: each process opens its own
pool connection and loads its own OCR engine), returns expired leases to the pool, restarts
workers that crash, reports progress and, when asked, stops once the pool is empty.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from multiprocessing.process import BaseProcess

from loguru import logger

from robotlib.config import Config
from robotlib.model import TaskStatus
from scheduler.errors import UntakeableTasks, WorkerStartupFailed
from scheduler.pool import TaskPool, open_configured_pool
from scheduler.settings import WorkerSettings
from scheduler.takeable import refuse_untakeable
from scheduler.worker import EXIT_STARTUP_FAILED, run_worker_process

#: statuses of tasks that still need a worker
ACTIVE = tuple(status for status in TaskStatus if not status.finished)
#: statuses of tasks no worker will touch again
FINISHED = tuple(status for status in TaskStatus if status.finished)


@dataclass(frozen=True)
class RunProgress:
    """A progress snapshot, counted from the start of this run."""

    #: tasks finished (done, dead or cancelled) since the run started
    done: int
    #: ``done`` plus the tasks still pending or running
    total: int
    counts: dict[TaskStatus, int]
    #: worker processes alive at this tick; in the last snapshot, those that ran
    workers: int
    #: False in the last snapshot, taken once the workers have stopped
    running: bool = True


@dataclass(frozen=True)
class RunReport:
    """What a run achieved."""

    #: tasks that got a decision during the run
    done: int
    #: tasks dead-lettered during the run
    dead: int
    #: tasks still pending or running when the run stopped
    remaining: int
    #: crashed worker processes that were replaced
    restarts: int
    elapsed: float
    #: why tasks remain that the run's robot cannot take (a run until empty whose workers
    #: ran out of tasks they may take); None when nothing is stuck
    stuck: str | None = None

    @property
    def throughput(self) -> float:
        """Finished tasks per second."""
        return (self.done + self.dead) / self.elapsed if self.elapsed > 0 else 0.0


ProgressCallback = Callable[[RunProgress], None]


def run_workers(
    config: Config,
    workers: int = 2,
    until_empty: bool = False,
    on_progress: ProgressCallback | None = None,
    *,
    settings: WorkerSettings | None = None,
    stop: threading.Event | None = None,
    pools: Collection[str] | None = None,
) -> RunReport:
    """Run ``workers`` worker processes over the pool of ``config``.

    :param until_empty: return once nothing is pending, failed or running (each worker
        also exits once nothing of its kinds is); otherwise run until ``stop`` is set.
    :param on_progress: called in this process after every supervision tick.
    :param stop: set it (from a signal handler, another thread) to stop: every worker
        finishes its current task first.
    :param pools: the pools (branches / business lines) the workers take tasks from, and
        the only ones counted; None: every pool.
    """
    supervisor = Supervisor(
        config, workers, until_empty=until_empty, settings=settings, pools=pools
    )
    return supervisor.run(on_progress, stop or threading.Event())


class Supervisor:
    """The parent process role: owns the worker processes of one ``run_workers`` call."""

    #: seconds between supervision ticks
    tick_seconds = 0.2
    #: how long a stopping worker may take to finish its task before it is killed (its
    #: lease then expires and the task is redone: late, never lost)
    shutdown_grace_seconds = 120.0

    def __init__(
        self,
        config: Config,
        workers: int,
        *,
        until_empty: bool,
        settings: WorkerSettings | None = None,
        pools: Collection[str] | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.config = config
        self.workers = workers
        self.until_empty = until_empty
        self.settings = settings or WorkerSettings()
        self.pools = None if pools is None else sorted(pools)
        self.max_restarts = 10 * workers
        self.restarts = 0
        self._context = multiprocessing.get_context("spawn")
        self._processes: list[BaseProcess] = []
        #: the most worker processes alive at once, for the last progress snapshot
        self._workers_seen = 0
        _warn_if_oversubscribed(config, workers)

    def run(self, on_progress: ProgressCallback | None, stop: threading.Event) -> RunReport:
        """Run the workers until ``stop`` is set (or the pool is empty, with ``until_empty``)."""
        started = time.monotonic()
        with open_configured_pool(self.config) as pool:
            if self.until_empty:
                refuse_untakeable(pool, self.config.security.robot, self.pools)
            before = pool.counts(pools=self.pools)
            self._processes = [self._start() for _ in range(self.workers)]
            try:
                self._supervise(pool, before, on_progress, stop)
            finally:
                self._shutdown()
            pool.requeue_expired()
            after = pool.counts(pools=self.pools)
            stuck = None
            if self.until_empty and not stop.is_set() and any(after[s] for s in ACTIVE):
                try:
                    refuse_untakeable(pool, self.config.security.robot, self.pools)
                except UntakeableTasks as exc:
                    stuck = str(exc)
        if on_progress is not None:
            done = self._snapshot(before, after)
            on_progress(replace(done, workers=self._workers_seen, running=False))
        return RunReport(
            done=after[TaskStatus.DONE] - before[TaskStatus.DONE],
            dead=after[TaskStatus.DEAD] - before[TaskStatus.DEAD],
            remaining=sum(after[status] for status in ACTIVE),
            restarts=self.restarts,
            elapsed=time.monotonic() - started,
            stuck=stuck,
        )

    def _supervise(
        self,
        pool: TaskPool,
        before: dict[TaskStatus, int],
        on_progress: ProgressCallback | None,
        stop: threading.Event,
    ) -> None:
        while True:
            pool.requeue_expired()
            counts = pool.counts(pools=self.pools)
            active = sum(counts[status] for status in ACTIVE)
            if on_progress is not None:
                on_progress(self._snapshot(before, counts))
            if stop.is_set() or (self.until_empty and active == 0):
                return
            self._reap(needed=active > 0 or not self.until_empty)
            if not self._processes:
                return  # every worker exited on its own: nothing they can claim is left
            stop.wait(self.tick_seconds)

    def _snapshot(self, before: dict[TaskStatus, int], now: dict[TaskStatus, int]) -> RunProgress:
        done = sum(now[status] - before[status] for status in FINISHED)
        active = sum(now[status] for status in ACTIVE)
        self._workers_seen = max(self._workers_seen, len(self._processes))
        return RunProgress(done, done + active, now, len(self._processes))

    def _start(self) -> BaseProcess:
        process = self._context.Process(
            target=run_worker_process,
            args=(self.config, self.settings, self.until_empty, self.pools, os.getpid()),
            name="veribot-worker",
        )
        process.start()
        return process

    def _reap(self, *, needed: bool) -> None:
        """Forget exited workers and replace crashed ones while there is work."""
        for process in [p for p in self._processes if not p.is_alive()]:
            self._processes.remove(process)
            code = process.exitcode
            if code == 0:
                continue
            if code == EXIT_STARTUP_FAILED:
                raise WorkerStartupFailed()
            logger.warning(
                "worker process {pid} died (exit code {code}); its task returns to the pool "
                "when its lease expires",
                pid=process.pid,
                code=code,
            )
            if not needed:
                continue
            if self.restarts >= self.max_restarts:
                logger.error("worker processes keep dying: not restarting any more")
                continue
            self.restarts += 1
            self._processes.append(self._start())

    def _shutdown(self) -> None:
        """Ask every worker to stop after its current task; kill the ones that hang."""
        for process in self._processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: the worker finishes its task, then exits
        deadline = time.monotonic() + self.shutdown_grace_seconds
        for process in self._processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                logger.error("worker process {pid} did not stop in time: killed", pid=process.pid)
                process.kill()
                process.join()
        self._processes = []


def _warn_if_oversubscribed(config: Config, workers: int) -> None:
    cores = os.cpu_count() or 1
    if workers * config.ocr.threads > cores:
        logger.warning(
            "{workers} workers x {threads} OCR threads exceed the {cores} cores: OCR-bound "
            "bots will run slower than with fewer workers or threads",
            workers=workers,
            threads=config.ocr.threads,
            cores=cores,
        )
