"""The order of claims: priority classes with aging, pulled forward by deadlines (SLA).

Both backends store one number per task, the claim key, and claim the smallest first from an
index on it, so the order costs nothing at claim time and cannot drift between backends.
"""

from __future__ import annotations

from robotlib.config import PoolConfig
from robotlib.model import Application, Priority

#: a class's rank: how many ``aging_seconds`` its tasks wait behind a high-priority task
PRIORITY_RANK = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}


def deadline_of(application: Application, created_at: float, config: PoolConfig) -> float:
    """When the decision is due (Unix seconds): the application's own deadline, else the SLA
    of its priority counted from ``created_at``."""
    if application.deadline is not None:
        return application.deadline.timestamp()
    return created_at + config.sla_seconds.for_priority(priority_of(application))


def claim_key(priority: Priority, created_at: float, deadline: float, config: PoolConfig) -> float:
    """The task's place in the claim order (smaller first).

    ``created_at + rank * aging_seconds``: a low task submitted two aging periods before a
    high one goes first. A deadline makes the task as urgent as a high task submitted
    ``deadline_lead_seconds`` before it, when that is sooner.
    """
    aged = created_at + PRIORITY_RANK[priority] * config.aging_seconds
    return min(aged, deadline - config.deadline_lead_seconds)


def priority_of(application: Application) -> Priority:
    """The application's priority class (normal if it has none)."""
    return application.priority or Priority.NORMAL
