"""The result record (DESIGN.md, "Result record")."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from robotlib.model.reasons import Decision


class TaskStatus(StrEnum):
    """Where a task is in its life."""

    #: waiting in the pool
    PENDING = "pending"
    #: leased by a worker
    RUNNING = "running"
    #: a decision was reached and stored
    DONE = "done"
    #: the last attempt failed; it may be retried
    FAILED = "failed"
    #: failed too often; needs a human
    DEAD = "dead"


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
    bot: str | None = None
    attempts: int = 0
    error: str | None = None
