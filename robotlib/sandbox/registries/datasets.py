"""The registry datasets of the synthetic world, written as the contract CSV files.

Rows are built as the very models the ``csv`` source reads (``robotlib.sources.records``), so a
row that would not load cannot be generated. Columns and their order are the contract's
(DESIGN.md, "Registry datasets").
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from pydantic import BaseModel

from robotlib.sandbox.people.companies import Company
from robotlib.sandbox.people.person import Person
from robotlib.sources.records import (
    EnterpriseRecord,
    EnterpriseStatus,
    Entity,
    GovIdentityRecord,
    IdentityStatus,
    ListEntry,
    ListLevel,
    SocialSecurityRecord,
    TelecomRecord,
)

GOV_COLUMNS = (
    "id_number",
    "name",
    "sex",
    "ethnicity",
    "birth_date",
    "address",
    "issuing_authority",
    "valid_from",
    "valid_to",
    "status",
)
SOCIAL_COLUMNS = (
    "id_number",
    "name",
    "insured",
    "employer",
    "contribution_months",
    "housing_fund",
    "city",
)
LIST_COLUMNS = ("list", "level", "id_number", "name", "birth_date", "reason")
TELECOM_COLUMNS = ("phone", "id_number", "name")
ENTERPRISE_COLUMNS = (
    "uscc",
    "name",
    "type",
    "legal_representative",
    "registered_capital",
    "established",
    "address",
    "status",
)
#: the optional column of business entries, written only when a list holds one
ENTITY_COLUMN = "entity"

#: file name -> (columns, attribute of ``Registries`` holding the rows)
FILES: dict[str, tuple[tuple[str, ...], str]] = {
    "gov_identity.csv": (GOV_COLUMNS, "gov"),
    "social_security.csv": (SOCIAL_COLUMNS, "social"),
    "blacklist.csv": (LIST_COLUMNS, "lists"),
    "telecom.csv": (TELECOM_COLUMNS, "telecom"),
    "enterprise_registry.csv": (ENTERPRISE_COLUMNS, "enterprises"),
}

_EMPLOYERS = (
    "深圳市腾云科技有限公司",
    "广州市南方物流有限公司",
    "上海浦江精密制造有限公司",
    "北京华信软件股份有限公司",
    "成都天府食品有限公司",
    "杭州西湖电子商务有限公司",
    "武汉长江建设工程有限公司",
    "东莞市宏达电子厂",
)
_CITIES = ("深圳市", "广州市", "上海市", "北京市", "成都市", "杭州市", "武汉市", "东莞市")


@dataclass
class Registries:
    """Rows of the four registries, in the order they were added."""

    gov: list[GovIdentityRecord] = field(default_factory=list)
    social: list[SocialSecurityRecord] = field(default_factory=list)
    lists: list[ListEntry] = field(default_factory=list)
    telecom: list[TelecomRecord] = field(default_factory=list)
    enterprises: list[EnterpriseRecord] = field(default_factory=list)

    def add_gov(
        self,
        person: Person,
        *,
        name: str | None = None,
        status: IdentityStatus = IdentityStatus.NORMAL,
    ) -> None:
        """The registry's record of ``person`` (under another ``name`` if given)."""
        self.gov.append(
            GovIdentityRecord(
                id_number=person.id_number,
                name=name or person.name,
                sex=person.sex,
                ethnicity=person.ethnicity,
                birth_date=person.birth_date,
                address=person.address,
                issuing_authority=person.issuing_authority,
                valid_from=person.valid_from,
                valid_to=person.valid_to_text,
                status=status,
            )
        )

    def add_social(self, person: Person, rng: random.Random, *, name: str | None = None) -> None:
        """A social-security account for ``person`` (under another ``name`` if given)."""
        insured = rng.random() < 0.9
        self.social.append(
            SocialSecurityRecord(
                id_number=person.id_number,
                name=name or person.name,
                insured=insured,
                employer=rng.choice(_EMPLOYERS) if insured else "",
                contribution_months=rng.randint(1, 240) if insured else 0,
                housing_fund=insured and rng.random() < 0.6,
                city=rng.choice(_CITIES),
            )
        )

    def add_entry(
        self,
        *,
        list_name: str,
        level: ListLevel,
        name: str,
        reason: str,
        id_number: str | None = None,
        birth_date: dt.date | None = None,
        entity: Entity = Entity.PERSON,
    ) -> ListEntry:
        """A black- or grey-list entry; without ``id_number`` it is a name-only entry; a
        ``company`` entry names a business (``id_number``: its credit code)."""
        entry = ListEntry(
            list=list_name,
            level=level,
            id_number=id_number,
            name=name,
            birth_date=birth_date,
            reason=reason,
            entity=entity,
        )
        self.lists.append(entry)
        return entry

    def add_phone(self, phone: str, id_number: str, name: str) -> None:
        """The real-name registration of ``phone``."""
        self.telecom.append(TelecomRecord(phone=phone, id_number=id_number, name=name))

    def add_enterprise(
        self,
        company: Company,
        *,
        status: EnterpriseStatus = EnterpriseStatus.NORMAL,
        legal_representative: str | None = None,
    ) -> None:
        """The registry's record of ``company`` (with another ``legal_representative`` if
        given)."""
        fields = company.fields()
        if legal_representative is not None:
            fields["legal_representative"] = legal_representative
        self.enterprises.append(EnterpriseRecord.model_validate({**fields, "status": status}))

    def shuffle(self, rng: random.Random) -> None:
        """Registry order must not give away who applied: sort by key, shuffle the lists."""
        self.gov.sort(key=lambda r: r.id_number)
        self.social.sort(key=lambda r: r.id_number)
        self.telecom.sort(key=lambda r: r.phone)
        self.enterprises.sort(key=lambda r: r.uscc)
        rng.shuffle(self.lists)

    def write(self, folder: Path) -> dict[str, int]:
        """Write the registry CSV files into ``folder``; returns rows per file name."""
        counts = {}
        for file_name, (columns, attribute) in FILES.items():
            rows: list[BaseModel] = getattr(self, attribute)
            if attribute == "lists" and any(e.entity is Entity.COMPANY for e in self.lists):
                columns = (*columns, ENTITY_COLUMN)
            write_csv(folder / file_name, columns, rows)
            counts[file_name] = len(rows)
        return counts


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[BaseModel]) -> None:
    """UTF-8 CSV with a header row and exactly ``columns``; LF line ends for stable bytes."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(cell(getattr(row, column)) for column in columns)


def cell(value: object) -> str:
    """The CSV text of one value: ISO dates, lower-case booleans, empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
