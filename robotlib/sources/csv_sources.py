"""The ``csv`` connector: registry files in the contract formats, indexed in memory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typing_extensions import override

from robotlib.config import SourceConfig
from robotlib.errors import ConfigError
from robotlib.screening.index import ScreeningIndex
from robotlib.screening.settings import ScreeningSettings
from robotlib.sources.base import (
    EnterpriseRegistrySource,
    GovIdentitySource,
    ScreeningSource,
    SocialSecuritySource,
    Source,
    TelecomSource,
)
from robotlib.sources.csv_table import CsvTable
from robotlib.sources.options import dataset_of, parse_options
from robotlib.sources.records import (
    EnterpriseRecord,
    GovIdentityRecord,
    ListEntry,
    ListHit,
    SocialSecurityRecord,
    TelecomRecord,
    id_number_key,
    phone_key,
    uscc_key,
)


class CsvGovIdentity(GovIdentitySource):
    """``gov_identity.csv`` keyed by identity number."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name)
        self.table = CsvTable(path, GovIdentityRecord, lambda rows: {r.id_number: r for r in rows})

    @override
    def lookup(self, id_number: str) -> GovIdentityRecord | None:
        return self.table.index().get(id_number_key(id_number))


class CsvSocialSecurity(SocialSecuritySource):
    """``social_security.csv`` keyed by identity number."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name)
        self.table = CsvTable(
            path, SocialSecurityRecord, lambda rows: {r.id_number: r for r in rows}
        )

    @override
    def lookup(self, id_number: str) -> SocialSecurityRecord | None:
        return self.table.index().get(id_number_key(id_number))


class CsvTelecom(TelecomSource):
    """``telecom.csv`` keyed by phone number."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name)
        self.table = CsvTable(path, TelecomRecord, lambda rows: {r.phone: r for r in rows})

    @override
    def owner(self, phone: str) -> TelecomRecord | None:
        return self.table.index().get(phone_key(phone))


class CsvScreening(ScreeningSource):
    """``blacklist.csv`` behind the screening engine (``robotlib.screening``)."""

    def __init__(self, name: str, path: Path, settings: ScreeningSettings | None = None) -> None:
        super().__init__(name)
        self.table = CsvTable(path, ListEntry, lambda rows: ScreeningIndex(rows, settings))

    @override
    def screen(self, id_number: str, name: str, birth_date: dt.date | None) -> list[ListHit]:
        return self.table.index().screen(id_number, name, birth_date)

    @override
    def screen_company(self, uscc: str, name: str) -> list[ListHit]:
        return self.table.index().screen_company(uscc, name)


class CsvEnterpriseRegistry(EnterpriseRegistrySource):
    """``enterprise_registry.csv`` keyed by unified social credit code."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name)
        self.table = CsvTable(path, EnterpriseRecord, lambda rows: {r.uscc: r for r in rows})

    @override
    def lookup(self, uscc: str) -> EnterpriseRecord | None:
        return self.table.index().get(uscc_key(uscc))


_DATASETS: dict[
    str,
    type[CsvGovIdentity | CsvSocialSecurity | CsvScreening | CsvTelecom | CsvEnterpriseRegistry],
] = {
    "gov_identity": CsvGovIdentity,
    "social_security": CsvSocialSecurity,
    "blacklist": CsvScreening,
    "telecom": CsvTelecom,
    "enterprise_registry": CsvEnterpriseRegistry,
}


def make_csv_source(name: str, config: SourceConfig, base_dir: Path) -> Source:
    """Factory for ``type = "csv"``: the dataset is ``dataset = …`` or else the source name."""
    dataset = dataset_of(name, config.options, "csv")
    if config.path is None:
        raise ConfigError(f'[sources.{name}]: a csv source needs path = "…"')
    path = config.path if config.path.is_absolute() else base_dir / config.path
    if dataset == "blacklist":
        return CsvScreening(name, path, parse_options(ScreeningSettings, name, config.options))
    return _DATASETS[dataset](name, path)
