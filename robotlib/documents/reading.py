"""What reading one side of a document yields."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Side(StrEnum):
    """Which document (or side of the ID card) an image shows."""

    #: the portrait side of the resident ID card (name ... number)
    FRONT = "front"
    #: the emblem side (issuing authority, validity period)
    BACK = "back"
    #: the business licence (营业执照)
    LICENCE = "licence"


@dataclass
class CardReading:
    """Fields read from one side, named as in the result record (``IdentityFields``).

    Dates are ISO (``1990-03-07``); ``valid_to`` may be ``长期``. ``confidence`` holds 0..1 per
    field; a field that could not be found is absent from both dicts.
    """

    #: a ``Side`` for the built-in documents, the document key for a plugin's
    side: str
    fields: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
