"""The sandbox world's files of the datasets plugins register with a sandbox generator
(``DatasetKind.sandbox``: ``credit_bureau``, ``property_registry``, a third party's), written
beside the built-in registries and named in the world's veribot.toml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from robotlib.plugins.host import get_datasets
from robotlib.sandbox.registries.datasets import Registries, write_csv
from robotlib.sources.datasets import DatasetKind, SandboxWorld


def generated_datasets() -> list[DatasetKind]:
    """The loaded dataset kinds that generate sandbox rows, by name."""
    return sorted(
        (kind for kind in get_datasets().values() if kind.sandbox is not None),
        key=lambda kind: kind.name,
    )


def write_generated_datasets(
    folder: Path, seed: int, today: dt.date, registries: Registries
) -> dict[str, int]:
    """Write ``NAME.csv`` of each generated dataset for the world of ``registries``; returns
    rows per file name."""
    world = SandboxWorld(seed, today, registries.gov, registries.enterprises)
    counts = {}
    for kind in generated_datasets():
        assert kind.sandbox is not None
        rows = list(kind.sandbox(world))
        write_csv(folder / f"{kind.name}.csv", kind.columns, rows)
        counts[f"{kind.name}.csv"] = len(rows)
    return counts
