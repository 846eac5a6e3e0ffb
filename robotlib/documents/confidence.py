"""How sure the reader is of a field: the OCR score of its lines, lowered for a repair."""

from __future__ import annotations

import re

from robotlib.documents.places import known_places
from robotlib.documents.reading import CardReading

#: confidence multiplier for a value that needed a heuristic repair or guessing a label's extent
REPAIRED = 0.85


def supported(score: float, evidence: float) -> float:
    """``score`` raised by independent ``evidence`` (0..1): the doubt left is the product."""
    return round(1 - (1 - score) * (1 - evidence), 4)


def put_field(reading: CardReading, name: str, value: str, score: float, repaired: bool) -> None:
    """Record ``value`` as field ``name`` with its confidence."""
    reading.fields[name] = value
    reading.confidence[name] = round(score * (REPAIRED if repaired else 1.0), 4)


def weakest_outside_places(
    value: str, scores: list[float], fallback: float, offices: tuple[str, ...] = ()
) -> float:
    """The least sure character of ``value`` that is not part of a known place name.

    A line's score is a mean, so one misread character (友谊东路 read as 友谊东, 中旗 as 中旅)
    hides in a long line; the least sure character shows it. A rare character of a place name
    the region table knows (彝 of 凉山彝族自治州, read right at 0.6) is vouched for by the table.
    ``scores`` are per character of ``value``; ``fallback`` counts when all are vouched for.
    ``offices`` are words vouched for where they follow a known place name: the set words an
    issuing authority is made of (a place, then 公安局, 分局 or 派出所), which a misread
    character would break.
    """
    vouched = known_places(value)
    for office in offices:
        for found in re.finditer(re.escape(office), value):
            if found.start() - 1 in vouched:
                vouched.update(range(found.start(), found.end()))
    return min((s for i, s in enumerate(scores) if i not in vouched), default=fallback)
