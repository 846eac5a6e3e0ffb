"""The result record (DESIGN.md, "Result record")."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from robotlib.model.reasons import Decision
from robotlib.model.task import TaskStatus


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
