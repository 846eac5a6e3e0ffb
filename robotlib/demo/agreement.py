"""Agreement of results with a sandbox world's ``expected.jsonl``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from robotlib.errors import InputError
from robotlib.model import Decision, ResultRecord


@dataclass(frozen=True)
class Expected:
    """The decision and reasons a sandbox world expects for one application."""

    ref: str
    decision: Decision
    reasons: frozenset[str]


@dataclass(frozen=True)
class Disagreement:
    """One application whose result differs from what the world expected."""

    ref: str
    expected: Decision
    expected_reasons: frozenset[str]
    got: Decision | None
    got_reasons: frozenset[str]


@dataclass
class Agreement:
    """How many results match the expected decision (and the exact reasons)."""

    total: int = 0
    decisions_agree: int = 0
    reasons_agree: int = 0
    missing: list[str] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def decision_rate(self) -> float:
        """The share of results with the expected decision (0 when nothing was expected)."""
        return self.decisions_agree / self.total if self.total else 0.0

    @property
    def reason_rate(self) -> float:
        """The share of results with exactly the expected reasons (0 when nothing was expected)."""
        return self.reasons_agree / self.total if self.total else 0.0

    @property
    def false_approvals(self) -> list[Disagreement]:
        """Applications approved although review or reject was expected: the worst error."""
        return [
            d
            for d in self.disagreements
            if d.got is Decision.APPROVE and d.expected is not Decision.APPROVE
        ]


def read_expected(path: Path) -> dict[str, Expected]:
    """The expected answers of ``expected.jsonl``, by ref; a bad line is an ``InputError``."""
    expected: dict[str, Expected] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                item = Expected(row["ref"], Decision(row["decision"]), frozenset(row["reasons"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path} line {number}: not an expected record: {exc}") from None
            expected[item.ref] = item
    return expected


def compare(expected: dict[str, Expected], results: Iterable[ResultRecord]) -> Agreement:
    """How ``results`` agree with ``expected``; expected refs without a result are missing."""
    by_ref = {result.ref: result for result in results}
    agreement = Agreement(total=len(expected))
    for ref, want in sorted(expected.items()):
        result = by_ref.get(ref)
        if result is None:
            agreement.missing.append(ref)
            continue
        got_reasons = frozenset(result.reasons)
        if result.decision is want.decision:
            agreement.decisions_agree += 1
        if result.decision is want.decision and got_reasons == want.reasons:
            agreement.reasons_agree += 1
        else:
            agreement.disagreements.append(
                Disagreement(ref, want.decision, want.reasons, result.decision, got_reasons)
            )
    return agreement


def compare_by_bot(
    expected: dict[str, Expected], results: Iterable[ResultRecord]
) -> dict[str, Agreement]:
    """The agreement of each bot's results (a mixed world's personal and merchant
    applications apart); an application without a result counts under ``"(none)"``."""
    by_ref = {result.ref: result for result in results}
    groups: dict[str, dict[str, Expected]] = {}
    for ref, want in expected.items():
        result = by_ref.get(ref)
        bot = result.bot if result is not None and result.bot else "(none)"
        groups.setdefault(bot, {})[ref] = want
    return {
        bot: compare(wanted, (by_ref[ref] for ref in wanted if ref in by_ref))
        for bot, wanted in sorted(groups.items())
    }
