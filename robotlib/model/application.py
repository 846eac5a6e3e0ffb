"""The application record (DESIGN.md, "Application record")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import phonenumbers
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)


class Channel(StrEnum):
    """Where the application came from."""

    #: the mobile H5 / mini-program page: a customer is waiting
    MINIPROGRAM = "miniprogram"
    #: a branch counter: a customer is standing there
    COUNTER = "counter"
    #: a partner system through the REST API
    API = "api"
    #: a bulk file, for example an employer's payroll accounts
    BATCH = "batch"


class Priority(StrEnum):
    """Priority class of the task made from an application."""

    #: a customer is waiting
    HIGH = "high"
    #: ordinary work
    NORMAL = "normal"
    #: background batches
    LOW = "low"


DEFAULT_PRIORITY = {
    Channel.MINIPROGRAM: Priority.HIGH,
    Channel.COUNTER: Priority.HIGH,
    Channel.API: Priority.NORMAL,
    Channel.BATCH: Priority.LOW,
}


@dataclass(frozen=True)
class KindRequirements:
    """What the applications of some kinds must carry, as the bots handling them declare it
    (``Bot.requires_business``; the plugin host collects it). Intake validates each record
    with it as the validation context, ``Application.model_validate(data, context=...)``;
    validated without it (a stored task, a test's record), no kind requires anything."""

    #: kinds about a business: ``business`` is required (their ``applicant`` is the legal
    #: representative)
    needs_business: frozenset[str] = frozenset()


_STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Applicant(BaseModel):
    """What the applicant typed into the form."""

    model_config = _STRICT

    name: str = Field(min_length=1, max_length=64)
    id_number: str = Field(min_length=1, max_length=32)
    phone: str | None = Field(default=None, max_length=20)

    @field_validator("phone")
    @classmethod
    def _phone_is_a_number(cls, phone: str | None) -> str | None:
        if phone is None or phone == "":
            return None
        try:
            parsed = phonenumbers.parse(phone, "CN")
        except phonenumbers.NumberParseException as exc:
            raise ValueError(f"not a phone number: {exc}") from None
        if not phonenumbers.is_possible_number(parsed):
            raise ValueError("not a possible phone number")
        return str(parsed.national_number)

    @field_validator("id_number")
    @classmethod
    def _upper_x(cls, value: str) -> str:
        # the check character X is often typed in lower case
        return value.replace(" ", "").upper()


class Business(BaseModel):
    """What a merchant typed about the business: its credit code and registered name."""

    model_config = _STRICT

    #: the unified social credit code as typed; checked against the licence and the registry,
    #: so a mistyped code is a finding of the bot, not an intake error
    uscc: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=128)

    @field_validator("uscc")
    @classmethod
    def _compact_upper(cls, value: str) -> str:
        return value.replace(" ", "").replace("-", "").upper()


class Documents(BaseModel):
    """Paths of the submitted documents; relative paths are relative to the record's file.

    Besides the built-in keys, a document whose key a plugin registers a parser for
    (``register_document_parsers``); any other key is refused.
    """

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)
    __pydantic_extra__: dict[str, Path | None] = Field(init=False)

    id_front: Path | None = None
    id_back: Path | None = None
    #: the business licence (营业执照) of a merchant application
    licence: Path | None = None

    @model_validator(mode="after")
    def _parsed_documents_only(self) -> Documents:
        if self.model_extra:
            # plugins are loaded only when a record names a document beyond the built-ins
            from robotlib.documents.parsers import document_parsers

            unknown = sorted(set(self.model_extra) - set(document_parsers()))
            if unknown:
                raise ValueError(
                    f"no document parser is registered for {', '.join(unknown)} "
                    f"(documents: {', '.join(sorted(document_parsers()))})"
                )
        return self

    def resolved(self, base: Path) -> Documents:
        """These paths made absolute against ``base`` (the folder of the file they came from)."""
        return Documents(
            **{
                name: None if path is None else (base / path).resolve()
                for name, path in self.model_dump().items()
            }
        )


class Application(BaseModel):
    """One onboarding application as submitted."""

    model_config = _STRICT

    ref: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
    kind: str = Field(default="personal_account", pattern=r"^[a-z][a-z0-9_]{0,63}$")
    branch: str = Field(default="default", pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    channel: Channel = Channel.API
    priority: Priority | None = None
    #: when the decision is due (SLA); ISO 8601, a time without a zone is local time.
    #: Without one, the pool gives the task the SLA of its priority (``[pool.sla_seconds]``)
    deadline: datetime | None = None
    segment: str | None = Field(default=None, max_length=64)
    products: list[str] = Field(default_factory=list)
    applicant: Applicant
    #: the business of a merchant application (required for a kind whose bot requires it:
    #: ``KindRequirements``)
    business: Business | None = Field(default=None, validate_default=True)
    documents: Documents = Field(default_factory=Documents)

    @model_validator(mode="after")
    def _priority_from_channel(self) -> Application:
        if self.priority is None:
            self.priority = DEFAULT_PRIORITY[self.channel]
        return self

    @field_validator("business")
    @classmethod
    def _business_where_needed(
        cls, business: Business | None, info: ValidationInfo
    ) -> Business | None:
        kind = info.data.get("kind")
        required = info.context if isinstance(info.context, KindRequirements) else None
        if business is None and required is not None and kind in required.needs_business:
            raise ValueError(f"required for kind {kind!r}: the business's uscc and name")
        return business
