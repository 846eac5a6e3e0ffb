"""How sure the reader is of a field: the OCR score of its lines, lowered for a repair."""

from __future__ import annotations

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
