"""The dispatcher: one per host, the only part of ``veribot run`` that claims and stores.

It runs in the supervisor process (a thread of it) and owns one pipe per worker process.
For each worker with room in its queue it claims a batch in the worker's name (so the lease
names the process that runs the task), respecting the robot's grants, pools and scopes and
the sources found down, exactly as a lone ``Worker`` does. It wakes at once on new work
(``pool.wait_for_work``: LISTEN/NOTIFY on PostgreSQL, the data version on SQLite), renews
the leases of every task it handed out, and stores the workers' verdicts in batches: the
results with their audit trails in one transaction (``PoolSettlement.complete_many``), which
also claims the next tasks of a worker whose queue runs low (``TaskPool.complete_and_claim``).

A worker that stops on purpose (``Bye``) never began the tasks it has not reported: they go
back to the pool with their attempt (``give_back``). A worker that dies may have been in the
middle of its first unreported task: that one returns when its lease expires (an attempt
spent, so a task that kills its worker is dead-lettered in the end); the others go back.
"""

from __future__ import annotations

import contextlib
import math
import socket
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from loguru import logger

from robotlib.audit.events import AuditEvent
from robotlib.config import Config
from robotlib.model import ResultRecord, Task
from robotlib.permissions import Grants
from scheduler.db import Transaction
from scheduler.execution import Decided, PoolSettlement
from scheduler.handoff import Assigned, Bye, FailureRecorded, Ran, Ready, Stop
from scheduler.outages import SourceOutages
from scheduler.pool import open_configured_pool
from scheduler.pool.base import TaskPool
from scheduler.robots import pool_permissions
from scheduler.settings import WorkerSettings
from scheduler.worker import claim_groups, nothing_left

#: weight of the newest task's duration in a worker's running average
DURATION_WEIGHT = 0.2


@dataclass(eq=False)
class WorkerLink:
    """The dispatcher's side of one worker process."""

    conn: Connection
    process: BaseProcess
    ready: Ready | None = None
    #: tasks handed out and not reported yet, in the order the worker runs them
    assigned: dict[int, Task] = field(default_factory=dict)
    #: tasks reported failed whose ``task_failed`` the worker is still owed
    failing: set[int] = field(default_factory=set)
    stopping: bool = False
    #: running average of the worker's seconds per task (None: nothing ran yet)
    seconds_per_task: float | None = None

    def ran(self, seconds: float) -> None:
        """Count one task that took ``seconds`` into the worker's recent pace."""
        if self.seconds_per_task is None:
            self.seconds_per_task = seconds
        else:
            self.seconds_per_task += DURATION_WEIGHT * (seconds - self.seconds_per_task)


class Dispatcher:
    """Claims for, hands out to, and stores for the worker processes of one host."""

    def __init__(
        self,
        config: Config,
        settings: WorkerSettings,
        *,
        pools: Collection[str] | None = None,
        until_empty: bool = False,
    ) -> None:
        self.config = config
        self.settings = settings
        self.pools = None if pools is None else sorted(pools)
        self.until_empty = until_empty
        self.robot = config.security.robot
        self.links: list[WorkerLink] = []
        self._lock = threading.Lock()
        self._arrived: list[WorkerLink] = []
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self.outages = SourceOutages(settings.retry_delay)
        self._grants: Grants | None = None
        self._grants_read = 0.0
        self._beat_at = 0.0
        #: tasks of workers that stopped or died before beginning them: to give back
        self._unbegun: list[Task] = []
        #: set once an until-empty run has nothing left: the workers were told to stop
        self.drained = False

    def attach(self, conn: Connection, process: BaseProcess) -> None:
        """Take on the worker ``process`` at the other end of ``conn`` (from any thread)."""
        with self._lock:
            self._arrived.append(WorkerLink(conn, process))
        self._wake()

    def _wake(self) -> None:
        with contextlib.suppress(BlockingIOError, OSError):  # a wake-up is pending already
            self._wake_writer.send(b"w")

    def run(self, stop: threading.Event) -> None:
        """Dispatch until ``stop`` is set and every attached worker has gone."""
        with open_configured_pool(self.config) as pool:
            watching = threading.Event()
            waker = threading.Thread(
                target=self._watch, args=(pool, watching), name="veribot-waker", daemon=True
            )
            waker.start()
            settlement = PoolSettlement(pool, self.config, self.settings, self.outages)
            try:
                while not (stop.is_set() and not self.links and not self._arrived):
                    self._adopt()
                    ran = self._receive(self._timeout())
                    self._settle(pool, settlement, ran, claiming=not stop.is_set())
                    self._renew(pool)
                    if not stop.is_set():
                        self._assign(pool)
            finally:
                watching.set()
                waker.join()
                self._give_back_all(pool)
                self._wake_reader.close()
                self._wake_writer.close()

    def _watch(self, pool: TaskPool, done: threading.Event) -> None:
        """Wake the dispatcher on every signal of new work, and every ``poll_seconds``
        anyway (work that becomes due by time alone sends no signal), until ``done``."""
        while not done.is_set():
            pool.wait_for_work(self.settings.poll_seconds)
            self._wake()

    def _adopt(self) -> None:
        with self._lock:
            self.links += self._arrived
            self._arrived = []

    def _timeout(self) -> float:
        """How long to wait for a message: until the next heartbeat at the latest."""
        return max(0.0, min(self.settings.poll_seconds, self._beat_at - time.monotonic()))

    def _receive(self, timeout: float) -> list[tuple[WorkerLink, Task, Ran]]:
        """The verdicts that arrived within ``timeout`` (every message waiting is read)."""
        ready = wait([link.conn for link in self.links] + [self._wake_reader], timeout)
        if self._wake_reader in ready:
            self._drain_wakes()
        ran: list[tuple[WorkerLink, Task, Ran]] = []
        for link in [link for link in self.links if link.conn in ready]:
            ran += self._read(link)
        return ran

    def _drain_wakes(self) -> None:
        try:
            while self._wake_reader.recv(4096):
                pass
        except (BlockingIOError, OSError):
            pass

    def _read(self, link: WorkerLink) -> Iterator[tuple[WorkerLink, Task, Ran]]:
        """Every message waiting on ``link``; a closed pipe ends the link."""
        try:
            while link.conn.poll():
                message = link.conn.recv()
                if isinstance(message, list):
                    for ran in message:
                        task = link.assigned.pop(ran.task_id, None)
                        if task is not None:
                            yield link, task, ran
                elif isinstance(message, Ready):
                    link.ready = message
                elif isinstance(message, Bye):
                    link.stopping = True
        except (EOFError, OSError):
            self._lost(link)

    def _lost(self, link: WorkerLink) -> None:
        """``link``'s worker has gone: stop renewing its tasks; the ones it never began go
        back (with ``Bye``, all of them; else all but the first, which may be half done)."""
        if link not in self.links:
            return
        self.links.remove(link)
        link.conn.close()
        unreported = list(link.assigned.values())
        begun = [] if link.stopping else unreported[:1]
        link.assigned.clear()
        self._unbegun.extend(task for task in unreported if task not in begun)
        if begun:
            logger.warning(
                "worker {worker} died: task {ref} returns when its lease expires",
                worker=link.ready.worker_id if link.ready else "?",
                ref=begun[0].ref,
            )

    def _settle(
        self,
        pool: TaskPool,
        settlement: PoolSettlement,
        ran: list[tuple[WorkerLink, Task, Ran]],
        *,
        claiming: bool,
    ) -> None:
        """Store what the workers reported: the decisions in one transaction (claiming in it
        for a worker whose queue runs low, when ``claiming``), then each failure (its worker
        is told, for ``task_failed``); give back unbegun tasks."""
        decided: list[tuple[Task, Decided, list[AuditEvent]]] = []
        for link, task, message in ran:
            if isinstance(message.verdict, Decided):
                link.ran(message.verdict.seconds)
                decided.append((task, message.verdict, message.queried))
        if decided:
            self._store(pool, settlement, decided, claiming=claiming)
        for link, task, message in ran:
            verdict = message.verdict
            if isinstance(verdict, Decided):
                continue
            status = settlement.record_failure(task, verdict)
            settlement.audit.record(message.queried)
            self._tell(link, FailureRecorded(task.id, verdict.error, status))
        if self._unbegun:
            pool.give_back(self._unbegun)
            self._unbegun.clear()

    def _store(
        self,
        pool: TaskPool,
        settlement: PoolSettlement,
        decided: list[tuple[Task, Decided, list[AuditEvent]]],
        *,
        claiming: bool,
    ) -> None:
        """Store ``decided`` with their audit trails and, in the same transaction, claim for
        the first worker whose queue runs low (with the robot's first group of grants; the
        others are claimed by ``_assign``): one commit instead of two per batch."""
        link = next((link for link in self._working() if self._wanted(link)), None)
        groups = claim_groups(self._current_grants(pool), self.pools) if claiming and link else []
        if link is None or link.ready is None or not groups:
            settlement.complete_many(decided)
            return
        held, pools = groups[0]
        ready, wanted = link.ready, self._wanted(link)
        claimed: list[Task] = []

        def store_and_claim(
            finished: Sequence[tuple[Task, ResultRecord]],
            also: Callable[[Transaction, list[bool]], object],
        ) -> list[bool]:
            stored, tasks = pool.complete_and_claim(
                finished,
                ready.worker_id,
                ready.kinds,
                held - self.outages.scopes_down(),
                wanted,
                self.settings.lease_seconds,
                pools,
                also=also,
            )
            claimed.extend(tasks)
            return stored

        settlement.complete_many(decided, store_and_claim)
        if claimed:
            self._hand_out(link, claimed)

    def _hand_out(self, link: WorkerLink, tasks: list[Task]) -> None:
        link.assigned.update((task.id, task) for task in tasks)
        self._tell(link, Assigned(tasks))

    def _tell(self, link: WorkerLink, message: object) -> None:
        try:
            link.conn.send(message)
        except OSError:
            self._lost(link)

    def _renew(self, pool: TaskPool) -> None:
        """Renew the lease of every task handed out, every ``heartbeat_seconds``."""
        now = time.monotonic()
        if now < self._beat_at:
            return
        self._beat_at = now + self.settings.heartbeat_seconds
        for link in self.links:
            for task in list(link.assigned.values()):
                try:
                    pool.heartbeat(task, self.settings.lease_seconds)
                except Exception as exc:
                    # a busy database is no reason to give the task up: try at the next beat
                    logger.warning("heartbeat failed ({error}); retrying", error=type(exc).__name__)
                    return

    def _assign(self, pool: TaskPool) -> None:
        """Claim for every ready worker whose queue runs low, in its name; with
        ``until_empty``, tell the workers to stop once nothing is left for them."""
        working = self._working()
        if not working:
            return
        grants = self._current_grants(pool)
        down = self.outages.scopes_down()
        claimed = False
        for link in working:
            assert link.ready is not None
            wanted = self._wanted(link)
            if not wanted:
                continue
            for held, pools in claim_groups(grants, self.pools):
                tasks = pool.claim(
                    link.ready.worker_id,
                    link.ready.kinds,
                    held - down,
                    wanted,
                    self.settings.lease_seconds,
                    pools,
                )
                if tasks:
                    claimed = True
                    self._hand_out(link, tasks)
                    break
        if self.until_empty and not claimed and not any(link.assigned for link in self.links):
            kinds = sorted({kind for link in working if link.ready for kind in link.ready.kinds})
            if nothing_left(pool, kinds, grants, self.pools):
                self.drained = True
                for link in working:
                    link.stopping = True
                    self._tell(link, Stop())

    def _working(self) -> list[WorkerLink]:
        """The workers ready for tasks and not stopping."""
        return [link for link in self.links if link.ready and not link.stopping]

    def _wanted(self, link: WorkerLink) -> int:
        """How many tasks to claim for ``link``'s worker now: none while its queue holds
        more than half a batch (``_batch``), else enough to fill it."""
        batch = self._batch(link)
        return 0 if len(link.assigned) * 2 > batch else batch - len(link.assigned)

    def _batch(self, link: WorkerLink) -> int:
        """How many tasks to queue for ``link``'s worker: ``queue_seconds`` of work at its
        recent pace, between 1 and ``max_claim_batch``."""
        pace = link.seconds_per_task
        if pace is None:
            return 1
        wanted = math.ceil(self.settings.queue_seconds / max(pace, 1e-6))
        return max(1, min(self.settings.max_claim_batch, wanted))

    def _current_grants(self, pool: TaskPool) -> Grants:
        """The robot's grants, re-read every ``policy_refresh_seconds``."""
        if (
            self._grants is None
            or time.monotonic() - self._grants_read >= self.settings.policy_refresh_seconds
        ):
            self._grants = pool_permissions(pool).grants(self.robot)
            self._grants_read = time.monotonic()
        return self._grants

    def _give_back_all(self, pool: TaskPool) -> None:
        """On the way out: the tasks no worker began (each worker may be in its first)."""
        leftover = [task for link in self.links for task in list(link.assigned.values())[1:]]
        leftover += self._unbegun
        if leftover:
            pool.give_back(leftover)
