"""bench/pool.py's enqueue targets: ratios taken within each repetition, then the median."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def report(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """bench/pool_report.py, imported as bench/pool.py imports it (bench/ on the path)."""
    monkeypatch.syspath_prepend(str(BENCH))
    return importlib.import_module("pool_report")


def runs(report: ModuleType, key: str, batch: list[list[float]], single: list[float]) -> object:
    """A system's repetitions: per repetition its 100/call samples and its 1/call rate."""
    harness = importlib.import_module("pool_harness")
    figures = [
        harness.RunFigures(enqueue_batch=samples, enqueue_single=rate)
        for samples, rate in zip(batch, single, strict=True)
    ]
    return report.SystemRuns(key, key, "PostgreSQL", "", runs=figures)


def test_enqueue_ratios_are_medians_of_same_repetition_ratios(report: ModuleType) -> None:
    veribot = runs(report, "veribot", [[900, 1000, 1100], [2000], [500]], [100, 300, 200])
    pgqueuer = runs(report, "pgqueuer", [[1000], [1000], [1000]], [100, 100, 400])

    assert report.enqueue_ratio(veribot, pgqueuer, 100) == pytest.approx(1.0)
    assert report.enqueue_ratio(veribot, pgqueuer, 1) == pytest.approx(1.0)
    table = report.enqueue_targets_table({"veribot": veribot, "pgqueuer": pgqueuer})
    assert "| PostgreSQL: veribot ÷ pgqueuer | 1× | 1.00 (met) | 1.00 (met) |" in table
    assert "| SQLite: veribot ÷ huey | 1× | not measured | not measured |" in table


def test_an_enqueue_ratio_below_one_is_not_met(report: ModuleType) -> None:
    veribot = runs(report, "veribot", [[500]], [90])
    pgqueuer = runs(report, "pgqueuer", [[1000]], [100])

    table = report.enqueue_targets_table({"veribot": veribot, "pgqueuer": pgqueuer})

    assert "| PostgreSQL: veribot ÷ pgqueuer | 1× | 0.50 (not met) | 0.90 (not met) |" in table
