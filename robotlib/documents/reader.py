"""Reading any supported document: OCR once, tell which document it is, parse it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from robotlib.documents.idcard_back import parse_back
from robotlib.documents.idcard_front import parse_front
from robotlib.documents.licence import parse_licence
from robotlib.documents.reading import CardReading, Side
from robotlib.documents.sides import detect_side
from robotlib.ocr.engine import OcrEngine, OcrLine

PARSERS: dict[Side, Callable[[list[OcrLine]], CardReading]] = {
    Side.FRONT: parse_front,
    Side.BACK: parse_back,
    Side.LICENCE: parse_licence,
}


def read_document(
    engine: OcrEngine, image: np.ndarray, side: Side | None = None, name: str = "image"
) -> CardReading:
    """OCR ``image`` and parse it as ``side``, or as whichever side its text shows.

    :raises DocumentInvalid: naming ``name`` when the side is not given and cannot be told.
    """
    lines = engine.read(image)
    return PARSERS[side or detect_side(lines, name)](lines)
