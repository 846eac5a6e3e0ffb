"""The messages between a host's dispatcher and its worker processes (over a pipe each).

dispatcher -> worker: ``Assigned`` tasks to run in order, ``FailureRecorded`` (so the worker
calls ``task_failed`` in its own process), ``Stop``. worker -> dispatcher: ``Ready`` once,
then lists of ``Ran``, one per task in the order the tasks were assigned, and ``Bye`` when it stops
on purpose (a worker that dies says nothing: the task it had begun may be half done).
"""

from __future__ import annotations

from dataclasses import dataclass

from robotlib.audit.events import AuditEvent
from robotlib.model import Task, TaskStatus
from scheduler.execution import Verdict


@dataclass(frozen=True)
class Ready:
    """The worker started: what it runs, under which lease name."""

    #: ``host:pid``: the dispatcher claims the worker's tasks in this name
    worker_id: str
    kinds: list[str]
    #: every scope its bots need (the dispatcher narrows them to the robot's grants)
    scopes: frozenset[str]


@dataclass(frozen=True)
class Assigned:
    """Tasks claimed for the worker, to run in this order."""

    tasks: list[Task]


@dataclass(frozen=True)
class Ran:
    """The verdict on the task ``task_id`` and what its bot queried (the audit trail)."""

    task_id: int
    verdict: Verdict
    queried: list[AuditEvent]


@dataclass(frozen=True)
class FailureRecorded:
    """The dispatcher recorded the failed attempt of ``task_id``: now ``task_failed``."""

    task_id: int
    error: str
    status: TaskStatus | None


@dataclass(frozen=True)
class Stop:
    """Finish the task in hand and exit; assigned tasks not begun go back to the pool."""


@dataclass(frozen=True)
class Bye:
    """The worker stops on purpose: every assigned task without a ``Ran`` was never begun."""
