"""The result record (DESIGN.md, "Result record")."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from robotlib.model.reasons import Decision


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


class IdentityFields(BaseModel):
    """Fields read from the identity card (front and back)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    id_number: str | None = None
    sex: str | None = None
    ethnicity: str | None = None
    birth_date: str | None = None
    address: str | None = None
    issuing_authority: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None


class ResultRecord(BaseModel):
    """What veribot concluded about one application; written once."""

    model_config = ConfigDict(extra="forbid")

    ref: str
    status: TaskStatus
    decision: Decision | None = None
    reasons: list[str] = Field(default_factory=list)
    risk_score: float | None = None
    fields: IdentityFields = Field(default_factory=IdentityFields)
    recommendations: list[str] = Field(default_factory=list)
    #: why each reason was given where the bot says (``{"DOC_INVALID": "front: image is
    #: truncated or corrupt"}``), in words for an operator: no personal value, no file path
    details: dict[str, str] = Field(default_factory=dict)
    bot: str | None = None
    attempts: int = 0
    error: str | None = None
