"""Reading any supported document: OCR, tell which document it is, parse it.

A card is read in one coarse pass (and the band under an address that stops short once more,
``second_look``); a business licence, once told, is read again finely (its print is smaller)
by an engine that offers it (``FinePrintEngine``).
"""

from __future__ import annotations

import numpy as np

from robotlib.documents.parsers import parser_for
from robotlib.documents.reading import CardReading, Side
from robotlib.documents.second_look import look_again
from robotlib.documents.sides import detect_side
from robotlib.ocr.engine import FinePrintEngine, OcrEngine


def read_document(
    engine: OcrEngine, image: np.ndarray, side: Side | None = None, name: str = "image"
) -> CardReading:
    """OCR ``image`` and parse it as ``side``, or as whichever side its text shows.

    :raises DocumentInvalid: naming ``name`` when the side is not given and cannot be told.
    """
    if side is Side.LICENCE and isinstance(engine, FinePrintEngine):
        return parser_for(Side.LICENCE)(engine.read_fine_print(image))
    lines = engine.read(image)
    found = side or detect_side(lines, name)
    if found is Side.LICENCE and isinstance(engine, FinePrintEngine):
        # A licence is a page of small print: read again, more finely, now that it is known.
        lines = engine.read_fine_print(image)
    reading = parser_for(found)(lines)
    if found is Side.FRONT:
        reading = look_again(engine, image, lines, reading)
    return reading
