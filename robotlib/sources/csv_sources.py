"""The ``csv`` connector: registry files in the contract formats, indexed in memory."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from robotlib.config import SourceConfig
from robotlib.errors import ConfigError
from robotlib.sources.base import (
    GovIdentitySource,
    ScreeningSource,
    SocialSecuritySource,
    Source,
    TelecomSource,
)
from robotlib.sources.csv_table import CsvTable
from robotlib.sources.names import name_keys, normalise
from robotlib.sources.records import (
    GovIdentityRecord,
    ListEntry,
    ListHit,
    SocialSecurityRecord,
    TelecomRecord,
    id_number_key,
    phone_key,
)


class CsvGovIdentity(GovIdentitySource):
    """``gov_identity.csv`` keyed by identity number."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name)
        self.table = CsvTable(path, GovIdentityRecord, lambda rows: {r.id_number: r for r in rows})

    def lookup(self, id_number: str) -> GovIdentityRecord | None:
        return self.table.index().get(id_number_key(id_number))


class CsvSocialSecurity(SocialSecuritySource):
    """``social_security.csv`` keyed by identity number."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name)
        self.table = CsvTable(
            path, SocialSecurityRecord, lambda rows: {r.id_number: r for r in rows}
        )

    def lookup(self, id_number: str) -> SocialSecurityRecord | None:
        return self.table.index().get(id_number_key(id_number))


class CsvTelecom(TelecomSource):
    """``telecom.csv`` keyed by phone number."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name)
        self.table = CsvTable(path, TelecomRecord, lambda rows: {r.phone: r for r in rows})

    def owner(self, phone: str) -> TelecomRecord | None:
        return self.table.index().get(phone_key(phone))


@dataclass
class ListIndex:
    """Blocking indexes over list entries: by number, and by name key for name-only entries."""

    by_number: dict[str, list[ListEntry]] = field(default_factory=lambda: defaultdict(list))
    by_name_key: dict[str, list[ListEntry]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, entries: list[ListEntry]) -> ListIndex:
        index = cls()
        for entry in entries:
            if entry.id_number:
                index.by_number[entry.id_number].append(entry)
            else:
                for key in name_keys(entry.name):
                    index.by_name_key[key].append(entry)
        return index


#: score of a name-only match when the characters are equal / only the pinyin is
EXACT_NAME_SCORE = 1.0
PINYIN_NAME_SCORE = 0.9


class CsvScreening(ScreeningSource):
    """``blacklist.csv``: number matches, and name + birth date for entries without a number."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name)
        self.table = CsvTable(path, ListEntry, ListIndex.build)

    def screen(self, id_number: str, name: str, birth_date: dt.date | None) -> list[ListHit]:
        index = self.table.index()
        hits = [
            ListHit(entry=entry, rule="id_number", score=1.0)
            for entry in index.by_number.get(id_number_key(id_number), [])
        ]
        if birth_date is not None:
            hits.extend(self._name_hits(index, name, birth_date))
        return sorted(hits, key=lambda hit: -hit.score)

    @staticmethod
    def _name_hits(index: ListIndex, name: str, birth_date: dt.date) -> list[ListHit]:
        # a common name with another birth date is another person: birth date must agree
        seen: set[int] = set()
        hits = []
        for key in name_keys(name):
            for entry in index.by_name_key.get(key, []):
                if id(entry) in seen or entry.birth_date != birth_date:
                    continue
                seen.add(id(entry))
                exact = normalise(entry.name) == normalise(name)
                score = EXACT_NAME_SCORE if exact else PINYIN_NAME_SCORE
                hits.append(ListHit(entry=entry, rule="name_birth_date", score=score))
        return hits


_DATASETS: dict[str, type[CsvGovIdentity | CsvSocialSecurity | CsvScreening | CsvTelecom]] = {
    "gov_identity": CsvGovIdentity,
    "social_security": CsvSocialSecurity,
    "blacklist": CsvScreening,
    "telecom": CsvTelecom,
}


def make_csv_source(name: str, config: SourceConfig, base_dir: Path) -> Source:
    """Factory for ``type = "csv"``: the dataset is ``dataset = …`` or else the source name."""
    dataset = str(config.options.get("dataset", name))
    if dataset not in _DATASETS:
        raise ConfigError(
            f"[sources.{name}]: csv dataset {dataset!r} is unknown; "
            f"set dataset to one of {', '.join(sorted(_DATASETS))}"
        )
    if config.path is None:
        raise ConfigError(f'[sources.{name}]: a csv source needs path = "…"')
    path = config.path if config.path.is_absolute() else base_dir / config.path
    return _DATASETS[dataset](name, path)
