"""The sandbox world's registry files, opened through the ``csv`` connector."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from robotlib.datasets.registries import (
    ENTERPRISE_REGISTRY,
    GOV_IDENTITY,
    SOCIAL_SECURITY,
    TELECOM,
)
from robotlib.errors import VeribotError
from robotlib.sources.csv_sources import CsvRecords, CsvScreening, open_csv


class WorldMissing(VeribotError):
    """The world folder lacks a registry file."""


@dataclass
class WorldSources:
    """The world's registry files as the CSV sources the service answers from."""

    gov_identity: CsvRecords
    social_security: CsvRecords
    blacklist: CsvScreening
    telecom: CsvRecords
    enterprise_registry: CsvRecords

    @classmethod
    def open(cls, world: Path) -> WorldSources:
        """The registries of ``world`` (a ``veribot sandbox world`` folder), loaded now
        so a bad folder fails at start, not on the first request."""
        files = (
            "gov_identity.csv",
            "social_security.csv",
            "blacklist.csv",
            "telecom.csv",
            "enterprise_registry.csv",
        )
        missing = [name for name in files if not (world / name).is_file()]
        if missing:
            raise WorldMissing(
                f"{world} lacks {', '.join(missing)}: make one with `veribot sandbox world "
                f"--out {world}`"
            )
        sources = cls(
            open_csv(GOV_IDENTITY, world / "gov_identity.csv"),
            open_csv(SOCIAL_SECURITY, world / "social_security.csv"),
            CsvScreening("blacklist", world / "blacklist.csv"),
            open_csv(TELECOM, world / "telecom.csv"),
            open_csv(ENTERPRISE_REGISTRY, world / "enterprise_registry.csv"),
        )
        sources.gov_identity.table.index()
        sources.social_security.table.index()
        sources.blacklist.table.index()
        sources.telecom.table.index()
        sources.enterprise_registry.table.index()
        return sources
