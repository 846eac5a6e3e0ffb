"""Source interfaces: one typed question per registry kind.

A bot asks ``ctx.source("blacklist").screen(...)`` without knowing whether a file, an HTTP API
or a browser robot answers. Connectors raise ``SourceUnavailable`` when they cannot answer.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path

from robotlib.config import SourceConfig
from robotlib.sources.records import (
    GovIdentityRecord,
    ListHit,
    SocialSecurityRecord,
    TelecomRecord,
)


class Source(ABC):  # noqa: B024 (the kinds below declare the questions)
    """Any source; ``name`` is its key in ``[sources.NAME]``."""

    def __init__(self, name: str) -> None:
        self.name = name


class GovIdentitySource(Source):
    @abstractmethod
    def lookup(self, id_number: str) -> GovIdentityRecord | None:
        """The registry record of ``id_number``, or None when the number is unknown."""


class SocialSecuritySource(Source):
    @abstractmethod
    def lookup(self, id_number: str) -> SocialSecurityRecord | None:
        """The social-security record under ``id_number``, or None when there is none."""


class ScreeningSource(Source):
    @abstractmethod
    def screen(self, id_number: str, name: str, birth_date: dt.date | None) -> list[ListHit]:
        """Black / grey list entries that match this person, best first."""


class TelecomSource(Source):
    @abstractmethod
    def owner(self, phone: str) -> TelecomRecord | None:
        """The real-name registration of ``phone``, or None when it is not registered."""


SourceFactory = Callable[[str, SourceConfig, Path], Source]
