"""Summary figures of a run: throughput and latency percentiles."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) by the nearest-rank method; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class LatencySummary:
    """How many latencies, and their median and 95th percentile (seconds)."""

    count: int
    p50: float
    p95: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> LatencySummary:
        """The summary of ``seconds``."""
        return cls(len(seconds), percentile(seconds, 0.5), percentile(seconds, 0.95))
