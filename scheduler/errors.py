"""The scheduler's exceptions; each docstring is the default message."""

from __future__ import annotations

from robotlib.errors import VeribotError


class SchedulerError(VeribotError):
    """The scheduler failed."""


class UnsupportedDatabase(SchedulerError):
    """This database URL is not supported."""


class PoolSchemaError(SchedulerError):
    """The pool database was created by another version of veribot."""


class WorkerStartupFailed(SchedulerError):
    """A worker process could not start; see its log lines above."""


class PoolUnavailable(SchedulerError):
    """The pool database cannot be reached."""


class PoolDataError(SchedulerError):
    """A stored value cannot be read: sealed with a key that is not in the ring, or edited."""


class PoolKeysMismatch(SchedulerError):
    """This host does not hold the keys the pool's data is sealed with."""


class UntakeableTasks(SchedulerError):
    """Waiting tasks the run's robot cannot take: a run until the pool is empty would never
    end."""
