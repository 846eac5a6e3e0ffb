"""Typed answers of the registries (DESIGN.md, "Registry datasets")."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

_ROW = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
LONG_TERM = "长期"


class IdentityStatus(StrEnum):
    #: the identity is in force
    NORMAL = "normal"
    #: the registration was cancelled
    CANCELLED = "cancelled"
    #: the holder died
    DECEASED = "deceased"


class GovIdentityRecord(BaseModel):
    """A row of ``gov_identity.csv``."""

    model_config = _ROW

    id_number: str = Field(min_length=15, max_length=18)
    name: str = Field(min_length=1)
    sex: str
    ethnicity: str
    birth_date: dt.date
    address: str
    issuing_authority: str
    valid_from: dt.date
    valid_to: str  # ISO date or 长期
    status: IdentityStatus

    @field_validator("valid_to")
    @classmethod
    def _date_or_long_term(cls, value: str) -> str:
        if value != LONG_TERM:
            dt.date.fromisoformat(value)
        return value


class SocialSecurityRecord(BaseModel):
    """A row of ``social_security.csv``."""

    model_config = _ROW

    id_number: str = Field(min_length=15, max_length=18)
    name: str = Field(min_length=1)
    insured: bool
    employer: str = ""
    contribution_months: int = Field(ge=0)
    housing_fund: bool
    city: str = ""


class ListLevel(StrEnum):
    #: a hit rejects
    BLACK = "black"
    #: a hit sends the application to review
    GREY = "grey"


class ListEntry(BaseModel):
    """A row of ``blacklist.csv``; ``id_number`` is None for name-only entries."""

    model_config = _ROW

    list: str
    level: ListLevel
    id_number: str | None = None
    name: str = Field(min_length=1)
    birth_date: dt.date | None = None
    reason: str = ""

    @field_validator("id_number", "birth_date", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value


class ListHit(BaseModel):
    """A screening hit with its explanation."""

    model_config = ConfigDict(frozen=True)

    entry: ListEntry
    rule: str  # "id_number" | "name_birth_date"
    score: float


class TelecomRecord(BaseModel):
    """A row of ``telecom.csv``: the real-name registration of a phone."""

    model_config = _ROW

    phone: str = Field(min_length=5)
    id_number: str
    name: str
