"""The ``csv`` connector: registry files in the contract formats, indexed in memory.

Any dataset kind looked up by key is served by ``CsvRecords`` (rows indexed by the kind's key);
the block lists bring their own connector, ``CsvScreening``, through the ``blacklist`` kind.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from typing_extensions import override

from robotlib.config import SourceConfig
from robotlib.errors import ConfigError
from robotlib.screening.index import ScreeningIndex
from robotlib.screening.settings import ScreeningSettings
from robotlib.sources.base import RecordSource, ScreeningSource, Source
from robotlib.sources.csv_table import CsvTable
from robotlib.sources.datasets import DatasetKind, dataset_kind, keyed, typed_connector
from robotlib.sources.options import parse_options
from robotlib.sources.records import ListEntry, ListHit


class CsvRecords(RecordSource[Any]):
    """A dataset's CSV file, indexed by the dataset kind's key."""

    def __init__(self, name: str, path: Path, kind: DatasetKind) -> None:
        super().__init__(name)
        self.kind = kind
        self.table: CsvTable[BaseModel, dict[tuple[str, ...], BaseModel]] = CsvTable(
            path, kind.record, lambda rows: {kind.key_of(row): row for row in rows}
        )

    @override
    def lookup(self, *key: str) -> Any:
        return self.table.index().get(self.kind.key(key))


def open_csv(kind: DatasetKind, path: Path, name: str | None = None) -> Any:
    """The ``csv`` source of ``kind`` reading ``path``, an instance of ``kind.interface``
    (``name``: its ``[sources.NAME]``, the dataset's name by default)."""
    name = name or kind.name
    connector = typed_connector(CsvRecords, keyed(name, kind, "csv"))
    return connector(name, path, kind)


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


def csv_path(name: str, config: SourceConfig, base_dir: Path) -> Path:
    """The file of a ``csv`` source, relative paths against ``base_dir``."""
    if config.path is None:
        raise ConfigError(f'[sources.{name}]: a csv source needs path = "…"')
    return config.path if config.path.is_absolute() else base_dir / config.path


def make_csv_screening(name: str, config: SourceConfig, base_dir: Path) -> Source:
    """The ``csv`` connector of a block list (its screening settings from the table)."""
    settings = parse_options(ScreeningSettings, name, config.options)
    return CsvScreening(name, csv_path(name, config, base_dir), settings)


def make_csv_source(name: str, config: SourceConfig, base_dir: Path) -> Source:
    """Factory for ``type = "csv"``: the dataset is ``dataset = …`` or else the source name."""
    kind = dataset_kind(name, config.options, "csv")
    path = csv_path(name, config, base_dir)
    connector = kind.connectors.get("csv")
    if connector is not None:
        return connector(name, config, base_dir)
    source: Source = open_csv(kind, path, name)
    return source
