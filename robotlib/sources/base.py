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
from robotlib.errors import SourceUnavailable
from robotlib.sources.records import (
    EnterpriseRecord,
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
    """The government identity registry."""

    @abstractmethod
    def lookup(self, id_number: str) -> GovIdentityRecord | None:
        """The registry record of ``id_number``, or None when the number is unknown."""


class SocialSecuritySource(Source):
    """The social-security registry."""

    @abstractmethod
    def lookup(self, id_number: str) -> SocialSecurityRecord | None:
        """The social-security record under ``id_number``, or None when there is none."""


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


class TelecomSource(Source):
    """The telecom operators' real-name registry."""

    @abstractmethod
    def owner(self, phone: str) -> TelecomRecord | None:
        """The real-name registration of ``phone``, or None when it is not registered."""


class EnterpriseRegistrySource(Source):
    """The enterprise registry (business licences)."""

    @abstractmethod
    def lookup(self, uscc: str) -> EnterpriseRecord | None:
        """The registered business with credit code ``uscc``, or None when there is none."""


SourceFactory = Callable[[str, SourceConfig, Path], Source]
