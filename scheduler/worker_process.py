"""A worker process: runs the tasks its host's dispatcher assigns, one at a time, in order.

The process loads its bots, sources and OCR engine once (a ``Worker``), says ``Ready`` and
then decides each assigned task (``scheduler.execution``); it stores nothing but the audit
trail of failed startups: the dispatcher stores the verdicts, in batches, and renews the
leases meanwhile.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections import deque
from collections.abc import Collection
from dataclasses import replace
from multiprocessing.connection import Connection

from loguru import logger

from robotlib.config import Config
from robotlib.logs import setup_logging
from robotlib.model import Task
from scheduler.document_folders import remove_abandoned_folders
from scheduler.execution import Decided, Failed
from scheduler.handoff import Assigned, Bye, FailureRecorded, Ran, Ready, Stop
from scheduler.parent_watch import ParentWatch, signal_me_when_parent_dies
from scheduler.pool import open_configured_pool
from scheduler.settings import WorkerSettings
from scheduler.signals import stop_on_signals
from scheduler.worker import Worker

#: exit status of a worker process that could not start (configuration, plugins): restarting
#: it would fail the same way
EXIT_STARTUP_FAILED = 3
#: the longest an idle worker process waits for a message before it looks at ``stop``
IDLE_WAIT_SECONDS = 0.2


def run_worker_process(
    config: Config,
    settings: WorkerSettings,
    dispatcher: Connection,
    pools: Collection[str] | None = None,
    parent_pid: int | None = None,
) -> None:
    """Entry point of a worker process: opens its own pool connection (for the tasks'
    documents and the robot's grants) and OCR engine, then runs what ``dispatcher`` assigns.

    Exits 0 when stopped (SIGTERM / SIGINT, after the current task; or ``Stop``), when its
    parent ``parent_pid`` dies (the kernel's SIGTERM on Linux, a watch of the parent pid
    everywhere, and the dispatcher's end of the pipe closing: the task in hand is finished
    first); exits ``EXIT_STARTUP_FAILED`` when it cannot start.
    """
    setup_logging(verbose=settings.verbose)
    remove_abandoned_folders()
    with stop_on_signals() as stop:
        if parent_pid is not None:
            signal_me_when_parent_dies()
            ParentWatch(parent_pid, stop, settings.heartbeat_seconds).start()
        try:
            pool = open_configured_pool(config)
        except Exception as exc:
            logger.error("worker cannot open the pool: {error}", error=str(exc))
            sys.exit(EXIT_STARTUP_FAILED)
        with pool:
            try:
                worker = Worker(config, pool, settings=settings, pools=pools)
            except Exception as exc:
                logger.error("worker cannot start: {error}", error=f"{type(exc).__name__}: {exc}")
                sys.exit(EXIT_STARTUP_FAILED)
            worker.renews_leases = False  # the dispatcher renews them, for all its workers
            logger.debug(
                "worker {worker} ready for {kinds}", worker=worker.worker_id, kinds=worker.kinds
            )
            dispatcher.send(Ready(worker.worker_id, worker.kinds, worker.scopes_held))
            serve(worker, dispatcher, stop, settings.queue_seconds / 2)
            with contextlib.suppress(OSError):  # a dispatcher gone has nothing to give back
                dispatcher.send(Bye())


def serve(
    worker: Worker, dispatcher: Connection, stop: threading.Event, flush_seconds: float = 0.0
) -> int:
    """Run the tasks ``dispatcher`` assigns until ``stop`` is set, ``Stop`` arrives or the
    dispatcher goes away; returns how many ran.

    Verdicts go back in lists: when the queue is empty, once the oldest unsent one has
    waited ``flush_seconds``, or once as many have run as still wait in the queue, so fast
    tasks are stored in batches, slow ones at once, and the dispatcher refills the queue
    (claiming in the transaction that stores the batch) before it runs dry.
    """
    queue: deque[Task] = deque()
    ran: dict[int, Task] = {}
    unsent: list[Ran] = []
    oldest = 0.0
    processed = 0
    try:
        while not stop.is_set():
            if unsent and (
                not queue or len(unsent) >= len(queue) or time.monotonic() - oldest >= flush_seconds
            ):
                dispatcher.send(unsent)
                unsent = []
            # a message waiting (more tasks, a stop) is read first; a busy worker does not wait
            if dispatcher.poll(0 if queue else IDLE_WAIT_SECONDS):
                message = dispatcher.recv()
                if isinstance(message, Stop):
                    break
                if isinstance(message, Assigned):
                    queue.extend(message.tasks)
                elif isinstance(message, FailureRecorded):
                    task = ran.pop(message.task_id)
                    worker.hooks.task_failed(
                        task=task,
                        bot=worker.bots[task.kind],
                        error=message.error,
                        status=message.status,
                    )
                continue
            if not queue:
                continue
            task = queue.popleft()
            verdict, context = worker.decide(task)
            if not isinstance(verdict, Decided):
                ran[task.id] = task  # for task_failed, once the dispatcher has recorded it
            if isinstance(verdict, Failed):
                # what the bot raised may quote personal data and may not pickle: it stays
                verdict = replace(verdict, exception=None)
            if not unsent:
                oldest = time.monotonic()
            unsent.append(Ran(task.id, verdict, context.audit))
            processed += 1
        if unsent:
            dispatcher.send(unsent)
    except (EOFError, OSError):
        pass  # the dispatcher is gone: nobody would store a verdict
    return processed
