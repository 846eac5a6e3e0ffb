"""Reading the workers' textfiles back: one summary per bot, summed over workers."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from robotlib.errors import VeribotError
from robotlib.metrics.recorder import DURATION, FAILED, FINISHED, STARTED


class MetricsError(VeribotError):
    """The metrics textfiles cannot be read."""


@dataclass
class BotSummary:
    """One bot's figures over every worker that wrote a textfile."""

    bot: str
    started: int = 0
    #: decision -> tasks
    decisions: dict[str, int] = field(default_factory=dict)
    #: status after a failed attempt (failed, dead, lost) -> attempts
    failures: dict[str, int] = field(default_factory=dict)
    duration_count: int = 0
    duration_sum: float = 0.0
    #: bucket upper bound -> cumulative observations
    buckets: dict[float, int] = field(default_factory=dict)

    @property
    def finished(self) -> int:
        """How many tasks finished with a decision."""
        return sum(self.decisions.values())

    @property
    def failed(self) -> int:
        """How many tasks failed."""
        return sum(self.failures.values())

    def quantile(self, q: float) -> float | None:
        """The upper bound of the bucket holding quantile ``q`` (None: nothing observed)."""
        if not self.duration_count:
            return None
        rank = q * self.duration_count
        for bound in sorted(self.buckets):
            if self.buckets[bound] >= rank:
                return bound
        return math.inf

    def as_dict(self) -> dict[str, object]:
        """For ``--json``: counts, decisions, failures and duration figures."""
        return {
            "bot": self.bot,
            "started": self.started,
            "finished": self.finished,
            "decisions": dict(sorted(self.decisions.items())),
            "failed": self.failed,
            "failures": dict(sorted(self.failures.items())),
            "seconds_mean": (
                self.duration_sum / self.duration_count if self.duration_count else None
            ),
            "seconds_p50_at_most": _finite(self.quantile(0.5)),
            "seconds_p95_at_most": _finite(self.quantile(0.95)),
        }


def _finite(value: float | None) -> float | None:
    """JSON has no infinity: beyond the last bucket is reported as unknown (None)."""
    return None if value is None or math.isinf(value) else value


def read_summaries(folder: Path) -> list[BotSummary]:
    """Per-bot sums over every ``*.prom`` file in ``folder``, sorted by bot.

    :raises MetricsError: the folder is missing or a file is not in the exposition format.
    """
    if not folder.is_dir():
        raise MetricsError(
            f"{folder} does not exist: no worker has written metrics there yet "
            "(workers write them when [metrics] textfile_dir is set)"
        )
    bots: dict[str, BotSummary] = defaultdict(lambda: BotSummary(bot=""))
    for path in sorted(folder.glob("*.prom")):
        try:
            _add_file(bots, path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise MetricsError(f"{path} is not a Prometheus textfile: {exc}") from None
    for name, summary in bots.items():
        summary.bot = name
    return [bots[name] for name in sorted(bots)]


def _add_file(bots: dict[str, BotSummary], text: str) -> None:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            bot = sample.labels.get("bot")
            if bot is None:
                continue
            summary, value = bots[bot], sample.value
            if sample.name == f"{STARTED}_total":
                summary.started += int(value)
            elif sample.name == f"{FINISHED}_total":
                decision = sample.labels["decision"]
                summary.decisions[decision] = summary.decisions.get(decision, 0) + int(value)
            elif sample.name == f"{FAILED}_total":
                status = sample.labels["status"]
                summary.failures[status] = summary.failures.get(status, 0) + int(value)
            elif sample.name == f"{DURATION}_count":
                summary.duration_count += int(value)
            elif sample.name == f"{DURATION}_sum":
                summary.duration_sum += value
            elif sample.name == f"{DURATION}_bucket":
                bound = float(sample.labels["le"])
                summary.buckets[bound] = summary.buckets.get(bound, 0) + int(value)
