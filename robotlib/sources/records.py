"""Typed answers of the registries (DESIGN.md, "Registry datasets")."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated

import phonenumbers
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

_ROW = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
LONG_TERM = "长期"
_DATE_SEPARATORS = re.compile(r"[./年月]")


def registry_date(value: object) -> object:
    """Dates as registries export them: ISO, 1990/03/07, 1990.03.07, 19900307, 1990年3月7日."""
    if not isinstance(value, str):
        return value
    text = value.strip().rstrip("日")
    if re.fullmatch(r"\d{8}", text):
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    parts = _DATE_SEPARATORS.sub("-", text).split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"
    return text


def id_number_key(value: str) -> str:
    """Identity numbers compare without spaces and with an upper-case check character X."""
    return value.replace(" ", "").upper()


def phone_key(value: str) -> str:
    """Mobile numbers compare as national numbers: +86 138 0013 8000 is 13800138000."""
    try:
        return str(phonenumbers.parse(value, "CN").national_number)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", value)


def _text_of(convert: Callable[[str], object]) -> BeforeValidator:
    return BeforeValidator(lambda value: convert(value) if isinstance(value, str) else value)


IdNumber = Annotated[str, _text_of(id_number_key), Field(min_length=15, max_length=18)]
RegistryDate = Annotated[dt.date, BeforeValidator(registry_date)]
Phone = Annotated[str, _text_of(phone_key), Field(min_length=5)]
#: enumerations compare case-insensitively: Normal, NORMAL and normal are one status
Lowered = _text_of(lambda value: value.strip().lower())


class IdentityStatus(StrEnum):
    """The state of an identity in the government registry."""

    #: the identity is in force
    NORMAL = "normal"
    #: the registration was cancelled
    CANCELLED = "cancelled"
    #: the holder died
    DECEASED = "deceased"


class GovIdentityRecord(BaseModel):
    """A row of ``gov_identity.csv``."""

    model_config = _ROW

    id_number: IdNumber
    name: str = Field(min_length=1)
    sex: str
    ethnicity: str
    birth_date: RegistryDate
    address: str
    issuing_authority: str
    valid_from: RegistryDate
    valid_to: Annotated[str, BeforeValidator(registry_date)]  # ISO date or 长期
    status: Annotated[IdentityStatus, Lowered]

    @field_validator("valid_to")
    @classmethod
    def _date_or_long_term(cls, value: str) -> str:
        if value != LONG_TERM:
            dt.date.fromisoformat(value)
        return value


class SocialSecurityRecord(BaseModel):
    """A row of ``social_security.csv``."""

    model_config = _ROW

    id_number: IdNumber
    name: str = Field(min_length=1)
    insured: bool
    employer: str = ""
    contribution_months: int = Field(ge=0)
    housing_fund: bool
    city: str = ""


class ListLevel(StrEnum):
    """Which list an entry is on."""

    #: a hit rejects
    BLACK = "black"
    #: a hit sends the application to review
    GREY = "grey"


class EnterpriseStatus(StrEnum):
    """The state of a business in the enterprise registry."""

    #: the business may trade
    NORMAL = "normal"
    #: the licence was revoked (吊销) by the regulator
    REVOKED = "revoked"
    #: the business was deregistered (注销)
    CANCELLED = "cancelled"
    #: on the list of abnormal operations (经营异常名录): still registered, but flagged
    ABNORMAL = "abnormal"


def uscc_key(value: str) -> str:
    """Credit codes compare without spaces and dashes, in upper case."""
    return re.sub(r"[\s-]", "", value).upper()


class EnterpriseRecord(BaseModel):
    """A row of ``enterprise_registry.csv``: a business as the market regulator registered it."""

    model_config = _ROW

    uscc: Annotated[str, _text_of(uscc_key), Field(pattern=r"^[0-9A-Z]{18}$")]
    name: str = Field(min_length=1)
    type: str = ""
    legal_representative: str = Field(min_length=1)
    registered_capital: str = ""
    established: RegistryDate
    address: str = ""
    status: Annotated[EnterpriseStatus, Lowered]


class Entity(StrEnum):
    """Who a list entry names."""

    #: a natural person: ``id_number`` is the identity number
    PERSON = "person"
    #: a business: ``name`` is its registered name, ``id_number`` its credit code (optional)
    COMPANY = "company"


_SEXES = {"男": "男", "m": "男", "male": "男", "女": "女", "f": "女", "female": "女"}


class ListEntry(BaseModel):
    """A row of ``blacklist.csv``; ``id_number`` is None for name-only entries.

    ``sex`` is an optional extra column (男 / 女, M / F, male / female): evidence for name
    matches when a list records it. ``entity`` is an optional extra column, ``person`` when
    absent or empty; a ``company`` entry names a business by its registered name, and its
    ``id_number`` (when given) holds the unified social credit code.
    """

    model_config = _ROW

    list: str
    level: Annotated[ListLevel, Lowered]
    id_number: IdNumber | None = None
    name: str = Field(min_length=1)
    birth_date: RegistryDate | None = None
    reason: str = ""
    sex: str | None = None
    entity: Annotated[Entity, Lowered] = Entity.PERSON

    @field_validator("id_number", "birth_date", "sex", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("entity", mode="before")
    @classmethod
    def _empty_is_person(cls, value: object) -> object:
        return Entity.PERSON if value in ("", None) else value

    @field_validator("sex")
    @classmethod
    def _known_sex(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value.lower() not in _SEXES:
            raise ValueError("sex must be 男 or 女 (or M / F, male / female)")
        return _SEXES[value.lower()]


class ListHit(BaseModel):
    """A screening hit with its explanation: which rule matched, how sure, on what evidence.

    ``rule`` is ``id_number`` for a number match, else a ``name_*`` rule
    (``robotlib.screening.rules``).
    """

    model_config = ConfigDict(frozen=True)

    entry: ListEntry
    rule: str
    score: float
    evidence: tuple[str, ...] = ()

    def explain(self) -> str:
        """One line without personal data: rule, score, entry list and level, evidence."""
        because = "; ".join(self.evidence)
        return (
            f"{self.rule} score {self.score:.2f} on {self.entry.list} "
            f"({self.entry.level.value} list): {because}"
        )


class TelecomRecord(BaseModel):
    """A row of ``telecom.csv``: the real-name registration of a phone."""

    model_config = _ROW

    phone: Phone
    id_number: Annotated[str, _text_of(id_number_key)]
    name: str
