"""Dataset kinds: what a registry holds and how it is asked, declared by plugins.

A dataset kind (``register_datasets``) names a registry (``gov_identity``, ``credit_bureau``),
its record schema (a pydantic model: the CSV columns and the HTTP answer's fields), the fields
it is keyed by and how a key compares. The ``csv`` and ``http`` source types serve any kind
answered by key with no code of their own for it; a kind matched otherwise (screening a list by
name) brings its connectors along.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from robotlib.errors import ConfigError, DatasetMismatch
from robotlib.plugins.host import get_datasets
from robotlib.sources.base import RecordSource, Source, SourceFactory

if TYPE_CHECKING:
    from robotlib.config import SourceConfig
    from robotlib.sources.records import EnterpriseRecord, GovIdentityRecord

#: how a key value compares: the record's and the question's values both pass through it
KeyRule = Callable[[str], str]
SourceT = TypeVar("SourceT", bound=Source)


def exact(value: str) -> str:
    """Keys compare as written, without surrounding spaces."""
    return value.strip()


@dataclass(frozen=True)
class SandboxWorld:
    """What a dataset's sandbox generator builds on: the synthetic world's people (their
    government identity records) and companies, and the world's seed."""

    seed: int
    today: dt.date
    people: Sequence[GovIdentityRecord]
    companies: Sequence[EnterpriseRecord]

    def rng(self, dataset: str) -> random.Random:
        """A random generator of its own for ``dataset``: one seed, one world, whichever
        other datasets are installed."""
        return random.Random(f"{self.seed}:{dataset}")


#: rows of a dataset for the sandbox world, as the dataset's record model
SandboxGenerator = Callable[[SandboxWorld], Iterable[BaseModel]]


@dataclass(frozen=True)
class DatasetKind:
    """A registry kind that ``[sources.NAME]`` tables may serve (``dataset = NAME``)."""

    #: the dataset's name: ``dataset = …`` in veribot.toml, ``NAME.csv`` in the sandbox
    name: str
    #: one row or answer; its fields, in order, are the CSV columns
    record: type[BaseModel]
    #: the fields a lookup is keyed by, in the order ``lookup(*key)`` takes them
    keys: tuple[str, ...] = ()
    #: how a key value compares (``exact``, ``id_number_key``, ``phone_key``, ``uscc_key``)
    key_rule: KeyRule = exact
    #: the typed question bots ask (``ctx.source(name, interface)``): a ``RecordSource``
    #: subclass for a dataset answered by key
    interface: type[Source] = RecordSource
    #: the question's path in the ``http`` API: ``POST {url}/{name}/{question}``
    question: str = "lookup"
    #: connectors by source type, for a dataset not answered by key (screening)
    connectors: Mapping[str, SourceFactory] = field(default_factory=dict)
    #: the rows of this dataset in the sandbox world (None: the sandbox writes none)
    sandbox: SandboxGenerator | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        """The CSV columns, in the record model's order."""
        return tuple(self.record.model_fields)

    def key_of(self, record: BaseModel) -> tuple[str, ...]:
        """The key ``record`` is found under."""
        return tuple(self.key_rule(str(getattr(record, name))) for name in self.keys)

    def key(self, values: Sequence[str]) -> tuple[str, ...]:
        """The key of a question, compared as the records' keys are.

        :raises DatasetMismatch: not one value per key field (a bot asking the wrong dataset).
        """
        if len(values) != len(self.keys):
            raise DatasetMismatch(
                f"dataset {self.name!r} is looked up by {', '.join(self.keys) or 'no key'}; "
                f"asked with {len(values)} value(s)"
            )
        return tuple(self.key_rule(value) for value in values)


def dataset_name(source: str, options: Mapping[str, Any]) -> str:
    """The dataset a ``[sources.NAME]`` table serves: ``dataset = …``, else its name."""
    return str(options.get("dataset", source))


def dataset_kind(source: str, options: Mapping[str, Any], source_type: str) -> DatasetKind:
    """The registered kind the source ``source`` of type ``source_type`` serves.

    :raises ConfigError: no plugin registers that dataset (the message lists those that do).
    """
    known = get_datasets()
    name = dataset_name(source, options)
    if name not in known:
        raise ConfigError(
            f"[sources.{source}]: {source_type} dataset {name!r} is unknown; "
            f"set dataset to one of {', '.join(sorted(known))} (or install its plugin)"
        )
    return known[name]


def check_named_datasets(sources: Mapping[str, SourceConfig]) -> None:
    """Every ``dataset = …`` a ``[sources.NAME]`` table names is registered, so a typo stops
    a worker at start rather than failing its tasks.

    :raises ConfigError: naming the table, the dataset and the registered ones.
    """
    named = {
        name: str(table.options["dataset"])
        for name, table in sources.items()
        if table.options.get("dataset") is not None
    }
    if not named:
        return
    known = get_datasets()
    for name, dataset in sorted(named.items()):
        if dataset not in known:
            raise ConfigError(
                f"[sources.{name}] dataset {dataset!r} is registered by no loaded plugin "
                f"(known: {', '.join(sorted(known))})"
            )


def keyed(source: str, kind: DatasetKind, source_type: str) -> type[RecordSource[Any]]:
    """``kind``'s interface, checked to be answered by key.

    :raises ConfigError: ``kind`` is matched otherwise and brings no ``source_type`` connector.
    """
    if not issubclass(kind.interface, RecordSource) or not kind.keys:
        raise ConfigError(
            f"[sources.{source}]: dataset {kind.name!r} is not looked up by key and has no "
            f"{source_type} connector"
        )
    return kind.interface


@cache
def typed_connector(connector: type[SourceT], interface: type[Source]) -> type[SourceT]:
    """``connector`` (a generic ``RecordSource`` implementation) that is also an instance of
    ``interface``, so ``ctx.source(name, GovIdentitySource)`` holds for a generic csv source."""
    if issubclass(connector, interface):
        return connector
    return type(f"{connector.__name__}[{interface.__name__}]", (connector, interface), {})
