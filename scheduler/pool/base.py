"""The task pool interface: one storage contract, several backends (SQLite now, PostgreSQL later).

A task is an application waiting for, held by, or finished by a bot worker. Claims are leases:
a worker holds a task under a ``lease_token`` until ``lease_until``, renews it with heartbeats,
and only the holder of the current lease may finish the task. Attempts count at claim time, so
a worker that crashes mid-task still uses up an attempt.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

from robotlib.model import Application, ResultRecord, Task, TaskStatus

#: attempts (claims) a task gets before it is dead-lettered
DEFAULT_MAX_ATTEMPTS = 3
#: how long a claim holds a task without a heartbeat
DEFAULT_LEASE_SECONDS = 30.0


@dataclass
class SubmitReport:
    """What ``submit`` did, by ref, in input order."""

    #: refs that became new tasks
    submitted: list[str] = field(default_factory=list)
    #: refs that were already in the pool (or twice in the input): no new task
    duplicates: list[str] = field(default_factory=list)


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


class TaskPool(ABC):
    """Durable storage of tasks and their results, shared by every worker process and host.

    Implementations must be safe to use from one process's threads (the worker's heartbeat
    thread shares the pool with the task thread) and from many processes at once.
    """

    @abstractmethod
    def submit(
        self,
        applications: Iterable[Application],
        scopes: Mapping[str, Collection[str]] | None = None,
        *,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    ) -> SubmitReport:
        """Add one pending task per application, idempotent on ``ref``.

        A ref already in the pool, or repeated in ``applications``, adds no task and is
        counted as a duplicate (its new content is ignored). The task's pool is the
        application's branch, its priority the application's priority, and its payload the
        application as given (callers resolve document paths first).

        :param scopes: the scopes each kind's bot needs, by kind; stored with each task so
            that only workers holding them all can claim it. A kind missing here needs none.
        :param max_attempts: claims allowed before the task is dead-lettered.
        """

    @abstractmethod
    def claim(
        self,
        worker_id: str,
        kinds: Collection[str],
        scopes_held: Collection[str],
        limit: int = 1,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
    ) -> list[Task]:
        """Lease up to ``limit`` pending tasks to ``worker_id`` and return them.

        Only tasks of one of ``kinds``, whose ``not_before`` has passed and whose required
        scopes are a subset of ``scopes_held``, are eligible; they are taken by priority
        (high, normal, low), then first submitted first. Each claimed task becomes running
        with a fresh ``lease_token``, ``lease_until = now + lease_seconds``, and its
        ``attempts`` incremented (the returned Task carries the new count). Concurrent claims
        never return the same task twice.
        """

    @abstractmethod
    def heartbeat(self, task: Task, lease_seconds: float = DEFAULT_LEASE_SECONDS) -> bool:
        """Extend the lease of ``task`` to ``now + lease_seconds``.

        :returns: False when the lease was lost (expired and requeued, or finished by
            someone else); the worker's eventual ``complete`` will then be refused.
        """

    @abstractmethod
    def complete(self, task: Task, result: ResultRecord) -> bool:
        """Store ``result`` and mark the task done, atomically, if the lease is still held.

        Nothing is written unless the task is still running under ``task.lease_token``.
        A result is written once per ref: a second decision for the same application is
        impossible (unique ``results.ref``).

        :returns: False when the lease was lost or a result already exists.
        """

    @abstractmethod
    def fail(
        self,
        task: Task,
        error: str,
        retry_in: float,
        reasons: Sequence[str] = (),
    ) -> TaskStatus | None:
        """Record a failed attempt of ``task`` under its current lease.

        With attempts left, the task goes back to pending and may be claimed again after
        ``retry_in`` seconds. Otherwise it becomes dead and a dead ResultRecord is written
        with decision review (a human must look; never approve), ``reasons`` and ``error``.
        ``error`` is stored and shown to operators: it must not contain personal data.

        :returns: the task's new status (pending or dead), or None if the lease was lost.
        """

    @abstractmethod
    def requeue_expired(self) -> int:
        """Return running tasks whose lease has expired to pending (their worker is gone).

        A task whose attempts are used up becomes dead instead, with a dead ResultRecord
        (decision review) saying that its worker was lost.

        :returns: how many expired leases were found.
        """

    @abstractmethod
    def counts(self, kinds: Collection[str] | None = None) -> dict[TaskStatus, int]:
        """The number of tasks in each status; every status is present, zero if none.

        :param kinds: count only these kinds; None counts every kind.
        """

    @abstractmethod
    def pending_count(self, kinds: Collection[str] | None = None) -> int:
        """Tasks waiting to be claimed, including those whose retry time has not come yet.

        :param kinds: count only these kinds; None counts every kind.
        """

    @abstractmethod
    def results(self, status: TaskStatus | None = None) -> Iterator[ResultRecord]:
        """One result record per task, ordered by ref.

        Finished tasks (done, dead) yield their stored result; unfinished tasks yield a
        record with their status and attempts so far and no decision.

        :param status: only tasks in this status.
        """

    @abstractmethod
    def timings(self) -> list[TaskTiming]:
        """Submission, last-claim and finish times of every task, in submission order."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection; the pool must not be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
