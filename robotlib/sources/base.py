"""Source interfaces: one typed question per registry kind.

A bot asks ``ctx.source("gov_identity", GovIdentitySource).lookup(...)`` without knowing
whether a file, an HTTP API or a browser robot answers. A dataset answered by key (most of
them) is a ``RecordSource`` of its record model; the connectors build one for any dataset kind
registered through ``register_datasets``. Connectors raise ``SourceUnavailable`` when they
cannot answer.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from robotlib.config import SourceConfig
from robotlib.errors import SourceUnavailable
from robotlib.sources.records import (
    EnterpriseRecord,
    GovIdentityRecord,
    ListHit,
    SocialSecurityRecord,
    TelecomRecord,
)

RecordT = TypeVar("RecordT", bound=BaseModel)


class Source(ABC):  # noqa: B024 (the kinds below declare the questions)
    """Any source; ``name`` is its key in ``[sources.NAME]``."""

    def __init__(self, name: str) -> None:
        self.name = name


class RecordSource(Source, Generic[RecordT]):
    """A dataset answered by key: ``lookup(*key)`` is the one record under the key, or None.

    The key's values come in the order of the dataset kind's ``keys`` (usually one).
    """

    @abstractmethod
    def lookup(self, *key: str) -> RecordT | None:
        """The record under ``key``, or None when the dataset has none."""


class GovIdentitySource(RecordSource[GovIdentityRecord]):
    """``gov_identity``: ``lookup(id_number)``, None when the number is unknown."""


class SocialSecuritySource(RecordSource[SocialSecurityRecord]):
    """``social_security``: ``lookup(id_number)``, None when there is no record."""


class EnterpriseRegistrySource(RecordSource[EnterpriseRecord]):
    """``enterprise_registry``: ``lookup(uscc)``, None when no business has the credit code."""


class TelecomSource(RecordSource[TelecomRecord]):
    """``telecom``: the real-name registrations of mobile numbers, keyed by phone."""

    def owner(self, phone: str) -> TelecomRecord | None:
        """The real-name registration of ``phone``, or None when it is not registered."""
        return self.lookup(phone)


class ScreeningSource(Source):
    """The black and grey lists."""

    @abstractmethod
    def screen(self, id_number: str, name: str, birth_date: dt.date | None) -> list[ListHit]:
        """Black / grey list entries that match this person, best first."""

    def screen_company(self, uscc: str, name: str) -> list[ListHit]:
        """Black / grey list entries about this business (``entity = company``), best first.

        :raises SourceUnavailable: this connector cannot screen businesses (the default), so
            a bot that needs it never approves.
        """
        raise SourceUnavailable(f"source {self.name!r} cannot screen businesses")


SourceFactory = Callable[[str, SourceConfig, Path], Source]
