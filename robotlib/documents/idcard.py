"""Reading the 2nd-generation resident identity card: OCR lines -> fields.

OCR garbles the small blue labels first, and RapidOCR sometimes merges a label with its value
("姓名张伟") and sometimes splits them. So fields are found by layout (rows of the card, top to
bottom) and by the shape of the values (the number's checksum, date patterns, the 56 ethnic
group names, province names that start an address); labels only help when they are there.

A field that cannot be found is left out, never guessed. Each field's confidence is the OCR
score of the lines it came from, lowered when a heuristic repaired it.

Where each part lives: ``layout`` (boxes -> rows, the right way up), ``repairs`` (characters
OCR gets wrong), ``labels``, ``vocabulary`` (ethnic groups, provinces), ``dates``,
``confidence``, ``idcard_front``, ``idcard_address``, ``ethnicity``, ``idcard_back``, and
``second_look`` (a second read where the detector missed a line: an address's end, a name).
"""

from __future__ import annotations

import numpy as np

from robotlib.documents.idcard_back import parse_back
from robotlib.documents.idcard_front import parse_front
from robotlib.documents.reading import CardReading, Side
from robotlib.documents.second_look import look_again
from robotlib.ocr.engine import OcrEngine

__all__ = ["parse_back", "parse_front", "read_card"]


def read_card(engine: OcrEngine, image: np.ndarray, side: Side) -> CardReading:
    """OCR one side of a card and parse it."""
    lines = engine.read(image)
    if side is Side.FRONT:
        return look_again(engine, image, lines, parse_front(lines))
    return parse_back(lines)
