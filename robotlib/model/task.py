"""A task: an application placed in the pool for a bot, and the states of its life."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from pydantic import ValidationError

from robotlib.errors import InputError
from robotlib.model.application import Application
from robotlib.validation_errors import dotted


class TaskStatus(StrEnum):
    """Where a task is in its life: the states of the pool's state machine (``TRANSITIONS``).

    A claim moves a waiting task (pending, or failed and due) to running; the worker then
    finishes it (done), records an application error (failed, or dead when out of
    attempts) or a business error (dead at once); a lease that runs out returns it to
    pending. Operators cancel waiting tasks and send dead ones back to pending.
    """

    #: waiting to be claimed: new, back from an expired lease, retried by an operator, or
    #: sent back from dead
    PENDING = "pending"
    #: leased by a worker, which renews the lease with heartbeats until it finishes
    RUNNING = "running"
    #: a decision was reached and stored
    DONE = "done"
    #: the last attempt hit an application error; claimable again once its back-off ends
    FAILED = "failed"
    #: out of attempts, or refused by a business rule; never retried by itself: a human
    #: reviews it (its result's decision is review, never approve)
    DEAD = "dead"
    #: withdrawn by an operator before it was decided; never claimed again
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        """No worker will touch the task again: done, dead (until an operator sends it
        back) or cancelled."""
        return self in (TaskStatus.DONE, TaskStatus.DEAD, TaskStatus.CANCELLED)


#: the state machine: the statuses a task may move to from each status
TRANSITIONS: dict[TaskStatus, frozenset[TaskStatus]] = {
    # claimed, or cancelled by an operator
    TaskStatus.PENDING: frozenset({TaskStatus.RUNNING, TaskStatus.CANCELLED}),
    # decided, failed (retry or dead-letter), or back to pending when the lease expires
    TaskStatus.RUNNING: frozenset(
        {TaskStatus.DONE, TaskStatus.FAILED, TaskStatus.DEAD, TaskStatus.PENDING}
    ),
    # claimed again after its back-off, retried at once by an operator, or cancelled
    TaskStatus.FAILED: frozenset({TaskStatus.RUNNING, TaskStatus.PENDING, TaskStatus.CANCELLED}),
    # sent back to the pool by an operator, with fresh attempts
    TaskStatus.DEAD: frozenset({TaskStatus.PENDING}),
    TaskStatus.DONE: frozenset(),
    TaskStatus.CANCELLED: frozenset(),
}


@dataclass(frozen=True)
class Task:
    """A claimed unit of work as a bot worker sees it.

    The pool hands out the application as stored (``payload``, the JSON validated at submit
    time) and validates it again only when ``application`` is first read, so claiming stays
    cheap for dispatchers that pass tasks on without reading them.
    """

    id: int
    ref: str
    kind: str
    pool: str
    priority: str
    attempts: int
    lease_token: str
    payload: str = field(repr=False)
    #: whether the pool may hold sealed documents of the task (False: a claim found none, so
    #: the worker does not ask for them)
    has_documents: bool = True

    @cached_property
    def application(self) -> Application:
        """The application, validated; :raises InputError: the stored JSON is not one."""
        try:
            return Application.model_validate_json(self.payload)
        except ValidationError as exc:
            raise InputError(
                f"task {self.ref}: the stored application is not valid: "
                f"{exc.error_count()} error(s), first at "
                f"{dotted(exc.errors()[0]['loc']) or 'the top level'}"
            ) from None
