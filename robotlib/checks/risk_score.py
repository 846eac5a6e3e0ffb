"""A first risk score from the reasons found: 0 (nothing found) to 1.

Each reason contributes an independent probability of a bad outcome; the score is the chance
that at least one of them is real. A trained model replaces this behind the same function.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from robotlib.model import ReasonCode

R = ReasonCode
BASELINE = 0.02
#: weights of the built-in codes; a bot adds its own codes' weights when it scores
BUILT_IN_WEIGHTS: dict[str, float] = {
    R.BLACKLIST_HIT: 0.95,
    R.GOV_STATUS_INVALID: 0.9,
    R.GOV_NOT_FOUND: 0.85,
    R.ID_NUMBER_INVALID: 0.85,
    R.GOV_MISMATCH: 0.8,
    R.BLACKLIST_NAME_MATCH: 0.6,
    R.ID_INCONSISTENT: 0.5,
    R.ID_EXPIRED: 0.4,
    R.GREYLIST_HIT: 0.4,
    R.FORM_MISMATCH: 0.35,
    R.SOCIAL_MISMATCH: 0.3,
    R.PHONE_NOT_REAL_NAME: 0.3,
}
#: documents that could not be read, or a source that did not answer: unknown, not risky
UNKNOWN_WEIGHT = 0.2


def risk_score(reasons: Iterable[str], weights: Mapping[str, float] = BUILT_IN_WEIGHTS) -> float:
    """The chance that at least one reason is real; ``weights`` by code (another bot passes
    its own codes' weights too), ``UNKNOWN_WEIGHT`` for the rest."""
    clean = 1.0 - BASELINE
    for code in reasons:
        clean *= 1.0 - weights.get(code, UNKNOWN_WEIGHT)
    return round(1.0 - clean, 3)
