"""The task pool interface: one storage contract, two backends (SQLite and PostgreSQL).

A task is an application waiting for, held by, or finished by a bot worker; its life is the
state machine of ``TaskStatus``. Claims are leases: a worker holds a task under a
``lease_token`` until ``lease_until``, renews it with heartbeats, and only the holder of the
current lease may finish the task. Attempts count at claim time, so a worker that crashes
mid-task still uses up an attempt. Tasks are claimed in the order of their claim key
(``scheduler.pool.ordering``): priority classes with aging, pulled forward by deadlines.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from robotlib.model import Application, ResultRecord, Task, TaskStatus
from robotlib.protection import KeyRing
from scheduler.db import Database, Transaction
from scheduler.db.closing import Closable

#: attempts (claims) a task gets before it is dead-lettered
DEFAULT_MAX_ATTEMPTS = 3
#: how long a claim holds a task without a heartbeat
DEFAULT_LEASE_SECONDS = 30.0


@dataclass
class SubmitReport:
    """What ``submit`` did, by ref, in input order."""

    #: refs that became new tasks
    submitted: list[str] = field(default_factory=list)
    #: refs already in the pool (or earlier in the input) with the same content: no new task
    duplicates: list[str] = field(default_factory=list)
    #: refs already in the pool (or earlier in the input) with other content: refused, the
    #: task keeps what it was first submitted with
    conflicts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TaskTiming:
    """When one task was submitted, last claimed and finished (Unix seconds)."""

    ref: str
    created_at: float
    #: when the last attempt was claimed; None if never claimed
    started_at: float | None
    #: when the task became done or dead; None while unfinished
    finished_at: float | None

    @property
    def latency(self) -> float | None:
        """Seconds from submission to the decision."""
        return None if self.finished_at is None else self.finished_at - self.created_at

    @property
    def service_time(self) -> float | None:
        """Seconds the last attempt took, from claim to the decision."""
        if self.finished_at is None or self.started_at is None:
            return None
        return self.finished_at - self.started_at


class AtRisk(NamedTuple):
    """An unfinished task whose deadline is near or past."""

    ref: str
    pool: str
    priority: str
    #: Unix seconds
    deadline: float
    #: negative once the deadline has passed
    seconds_left: float


class WaitingGroup(NamedTuple):
    """Waiting tasks that need the same: a kind's bot, a pool, scopes."""

    kind: str
    pool: str
    scopes: frozenset[str]
    #: how many tasks wait with these needs
    tasks: int
    #: the first of their refs (in ref order)
    first_ref: str


@dataclass(frozen=True)
class PoolStats:
    """What operators watch: the pool by pool, status and priority, and its deadlines."""

    #: tasks by (pool, status, priority); combinations without tasks are absent
    counts: dict[tuple[str, TaskStatus, str], int]
    #: seconds the oldest waiting (pending or failed) task has waited; None if none waits
    oldest_pending_age: float | None
    #: unfinished tasks whose deadline is within the at-risk window or past, soonest first
    at_risk: list[AtRisk]

    def by_status(self) -> dict[TaskStatus, int]:
        """Tasks in each status over every pool and priority; every status is present."""
        totals = dict.fromkeys(TaskStatus, 0)
        for (_, status, _), count in self.counts.items():
            totals[status] += count
        return totals


class TaskPool(Closable):
    """Durable storage of tasks and their results, shared by every worker process and host.

    Implementations must be safe to use from one process's threads (the worker's heartbeat
    thread shares the pool with the task thread) and from many processes at once.

    Everything above the pool (workers, the CLI, the keyword library) uses this contract,
    never a backend class; ``open_pool`` and ``open_configured_pool`` choose the backend.
    """

    #: the database the tasks live in; the audit log, operator accounts, robot policies,
    #: pool keys and schedules live beside them and run their queries in its transactions
    database: Database
    #: the keys the pool seals personal data with (payloads, results, documents)
    keyring: KeyRing

    @abstractmethod
    def submit(
        self,
        applications: Iterable[Application],
        scopes: Mapping[str, Collection[str]] | None = None,
        *,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        not_before: float | None = None,
    ) -> SubmitReport:
        """Add one pending task per application, idempotent on ``ref``.

        A ref already in the pool, or earlier in ``applications``, adds no task: it is a
        duplicate when the application is the same as the one first submitted, else a
        conflict (the new content is refused, never stored; a ref's task keeps its first
        application until it is purged). The task's pool is the
        application's branch, its priority the application's priority, its deadline the
        application's deadline or else the SLA of its priority (``[pool.sla_seconds]``),
        and its payload the application as given (callers resolve document paths first).

        :param scopes: the scopes each kind's bot needs, by kind; stored with each task so
            that only workers holding them all can claim it. A kind missing here needs none.
        :param max_attempts: claims allowed before the task is dead-lettered.
        :param not_before: postpone the tasks: none is claimed before this time (Unix
            seconds); None: claimable at once.
        """

    @abstractmethod
    def claim(
        self,
        worker_id: str,
        kinds: Collection[str],
        scopes_held: Collection[str],
        limit: int = 1,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        pools: Collection[str] | None = None,
    ) -> list[Task]:
        """Lease up to ``limit`` waiting tasks to ``worker_id`` and return them, best first.

        Only waiting tasks (pending or failed) whose ``not_before`` (back-off, postponement)
        has passed, of one of ``kinds``, in one of ``pools`` (None: any pool), and whose
        required scopes are a subset of ``scopes_held`` are eligible. They are taken in the
        order of their claim key (priority with aging, deadlines; ``ordering.claim_key``),
        then first submitted first. Each claimed task becomes running with a fresh
        ``lease_token``, ``lease_until = now + lease_seconds``, and its ``attempts``
        incremented (the returned Task carries the new count). Concurrent claims, from
        threads, processes or hosts, never return the same task twice.
        """

    @abstractmethod
    def heartbeat(self, task: Task, lease_seconds: float = DEFAULT_LEASE_SECONDS) -> bool:
        """Extend the lease of ``task`` to ``now + lease_seconds``.

        :returns: False when the lease was lost (expired and requeued, or finished by
            someone else); the worker's eventual ``complete`` will then be refused.
        """

    @abstractmethod
    def complete_many_with(
        self,
        finished: Sequence[tuple[Task, ResultRecord]],
        also: Callable[[Transaction, list[bool]], object],
    ) -> list[bool]:
        """Store each result and mark its task done (or dead), under its lease, in one
        transaction, then run ``also(tx, stored)`` in it, ``stored`` saying which of
        ``finished`` were stored: for records (the decisions' audit trail) that must exist
        exactly when the results do. The dispatcher stores a batch of decisions this way.

        Nothing of a task is written unless it is still running under ``task.lease_token``;
        a task whose lease was lost is skipped and the others are still stored. A result is
        written once per ref: a second decision for the same application is impossible
        (unique ``results.ref``): that item is not stored either. One commit per batch
        instead of per task is the main throughput lever of a durable queue.

        :returns: for each ``(task, result)`` in order, whether its result was stored.
        """

    def complete_and_claim(
        self,
        finished: Sequence[tuple[Task, ResultRecord]],
        worker_id: str,
        kinds: Collection[str],
        scopes_held: Collection[str],
        limit: int = 1,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        pools: Collection[str] | None = None,
        *,
        also: Callable[[Transaction, list[bool]], object] | None = None,
    ) -> tuple[list[bool], list[Task]]:
        """``complete_many_with(finished, also)``, then ``claim`` the next tasks, in one
        transaction where the backend can: the dispatcher stores a batch of decisions with
        their audit trails and takes the next batch for a worker with one commit, not two.

        Both halves keep their own guarantees: a result is stored under its lease or not at
        all (``also`` sees which), and the claim is exactly ``claim(worker_id, kinds, ...)``.

        :returns: whether each result was stored, and the claimed tasks.
        """
        stored = self.complete_many_with(finished, also or _nothing_more)
        return stored, self.claim(worker_id, kinds, scopes_held, limit, lease_seconds, pools)

    @abstractmethod
    def give_back(self, tasks: Sequence[Task]) -> int:
        """Return leased ``tasks`` that were never started to waiting, giving back the
        attempt their claim counted: a dispatcher claimed them for a worker that stopped
        (or died) before it began them. A task whose lease is lost is left alone.

        :returns: how many tasks went back.
        """

    @abstractmethod
    def fail(
        self,
        task: Task,
        error: str,
        retry_in: float,
        reasons: Sequence[str] = (),
        *,
        business: bool = False,
    ) -> TaskStatus | None:
        """Record a failed attempt of ``task`` under its current lease.

        An application error (a system failed; ``business=False``) with attempts left makes
        the task failed: claimable again after ``retry_in`` seconds. A business error (a
        rule says no: retrying cannot help), or an application error on the last attempt,
        makes it dead at once, and a dead ResultRecord is written with decision review (a
        human must look; never approve), ``reasons`` and ``error``. ``error`` is stored and
        shown to operators: it must not contain personal data.

        :returns: the task's new status (failed or dead), or None if the lease was lost.
        """

    @abstractmethod
    def postpone(
        self,
        task: Task,
        until: float,
        error: str,
        reasons: Sequence[str] = (),
        *,
        budget_seconds: float,
    ) -> TaskStatus | None:
        """Put ``task`` back to wait until ``until`` (Unix seconds) because a source it needs
        is down, giving back the attempt its claim counted: an outage is no fault of the task.

        The task becomes failed (claimable at ``until``). Its first postponement in a row
        starts its outage clock; an ordinary ``fail`` or an expired lease stops the clock.
        ``until`` is cut to the moment the clock reaches ``budget_seconds``, and a task
        postponed once its clock has run that long becomes dead instead, as ``fail`` on the
        last attempt: a dead ResultRecord with decision review, ``reasons`` and ``error``.

        :returns: the task's new status (failed or dead), or None if the lease was lost.
        """

    @abstractmethod
    def waiting_needs(self) -> list[WaitingGroup]:
        """The waiting (pending or failed) tasks grouped by kind, pool and required scopes,
        by kind, pool and first ref: what a worker must hold to take them."""

    @abstractmethod
    def requeue_expired(self) -> int:
        """Return running tasks whose lease has expired to pending (their worker is gone).

        A task whose attempts are used up becomes dead instead, with a dead ResultRecord
        (decision review) saying that its worker was lost.

        :returns: how many expired leases were found.
        """

    @abstractmethod
    def cancel(self, refs: Collection[str]) -> list[str]:
        """Cancel the waiting (pending or failed) tasks among ``refs``: no worker claims
        them again and no result is written.

        :returns: the refs cancelled, in the order given; unknown refs and tasks that are
            running or finished are left alone and not returned.
        """

    @abstractmethod
    def retry(self, refs: Collection[str]) -> list[str]:
        """Make the tasks among ``refs`` claimable now.

        A failed task's back-off is cut short: it becomes pending, due now, and keeps its
        attempts. A dead task goes back to pending with its attempts reset to zero and its
        dead result removed: that record was a call for a human, not a decision.

        :returns: the refs retried, in the order given; other refs are left alone.
        """

    @abstractmethod
    def dead(self, limit: int = 100) -> list[ResultRecord]:
        """The dead-letter queue: results of dead tasks, longest dead first, at most
        ``limit`` (each with decision review, the attempts made and the last error)."""

    @abstractmethod
    def requeue_dead(self, refs: Collection[str] | None = None) -> list[str]:
        """Send dead tasks back to pending with fresh attempts; their dead result is removed.

        :param refs: the tasks to requeue; None requeues every dead task.
        :returns: the refs requeued (in the order given, when ``refs`` is given).
        """

    @abstractmethod
    def purge(self, older_than_seconds: float) -> int:
        """Delete finished tasks (done, dead, cancelled) and their results that finished
        more than ``older_than_seconds`` ago; waiting and running tasks are never purged.

        A purged ref may be submitted again as a new task.

        :returns: how many tasks were deleted.
        """

    @abstractmethod
    def counts(
        self, kinds: Collection[str] | None = None, *, pools: Collection[str] | None = None
    ) -> dict[TaskStatus, int]:
        """The number of tasks in each status; every status is present, zero if none.

        :param kinds: count only these kinds; None counts every kind.
        :param pools: count only these pools; None counts every pool.
        """

    @abstractmethod
    def stats(self, now: float | None = None) -> PoolStats:
        """Counts by pool, status and priority, the oldest waiting task's age and the
        unfinished tasks whose deadline is within ``[pool] at_risk_seconds`` or past.

        :param now: the time to measure ages and deadlines against (Unix seconds);
            None is the current time.
        """

    @abstractmethod
    def results(self, status: TaskStatus | None = None) -> Iterator[ResultRecord]:
        """One result record per task, ordered by ref.

        Finished tasks (done, dead) yield their stored result; unfinished tasks yield a
        record with their status and attempts so far and no decision.

        :param status: only tasks in this status.
        """

    @abstractmethod
    def documents(self, ref: str) -> dict[str, bytes]:
        """The document images sealed into the pool with application ``ref``, opened, by
        slot (``id_front``, ...); empty when the pool holds none.

        :raises PoolDataError: a stored document does not open with this pool's keys.
        """

    @abstractmethod
    def refs_of_id_number(self, id_number: str) -> list[str]:
        """The refs of the applications with this identity number, in submission order
        (found by its keyed hash: the number itself is never stored in clear)."""

    @abstractmethod
    def timings(self) -> list[TaskTiming]:
        """Submission, last-claim and finish times of every task, in submission order."""

    @abstractmethod
    def wait_for_work(self, timeout: float) -> bool:
        """Block until the pool may have new claimable work, or ``timeout`` seconds pass.

        Idle workers call this instead of sleeping, so a submission wakes them within
        milliseconds. It is a hint, not a promise: a True may be spurious (any commit may
        wake a SQLite waiter), and work that becomes due by time alone (a retry's back-off
        ending) sends no signal, so callers claim again after every return. The first call,
        and the first after a lost connection, returns True at once: changes made before
        the pool watched cannot be seen.

        :returns: True when a signal arrived, False when the timeout passed without one.
        """


def _nothing_more(tx: Transaction, stored: list[bool]) -> None:
    """The ``also`` of a completion that records nothing beside the results."""
