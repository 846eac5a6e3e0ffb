"""A second look under an address that stops short: the detector may have missed its last line.

A wrapped address's last line is often short (``0号``, ``室``) and, on a photo, the text
detector sometimes finds no box there at all: the address is then read without it and ends as
no address does (…杨柳村7组7). Such an address is doubted either way (``corroboration``); this
looks again, once, at the band one line pitch below the address's last line, read on its own,
and keeps the address found with the lines read there only if it then ends as addresses do.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from robotlib.documents.corroboration import ADDRESS_ENDINGS
from robotlib.documents.idcard_front import parse_front
from robotlib.documents.reading import CardReading
from robotlib.documents.repairs import normalise
from robotlib.ocr.engine import OcrEngine, OcrLine

#: the band is cut a little wider than the line above it (pixels of the photo)
MARGIN = 12
#: the band's edges repeated this far out (pixels)
PAD = 16
#: a line read in the band belongs there if its centre lies this close (in pitches) to the
#: expected one; further up, it is the line above read again
NEAR = 0.5


def look_again_under_address(
    engine: OcrEngine, image: np.ndarray, lines: list[OcrLine], reading: CardReading
) -> CardReading:
    """``reading`` with its address completed from a second read under its last line, if that
    yields an address that ends as addresses do; else ``reading`` unchanged."""
    address = reading.fields.get("address")
    if not address or address.endswith(ADDRESS_ENDINGS):
        return reading
    found = _last_address_lines(address, lines)
    if found is None:
        return reading
    last, step = found
    expected = np.asarray(last.box, dtype=float) + step
    band = _band(image, expected)
    if band is None:
        return reading
    image_band, origin = band
    across = _across(expected)
    pitch = abs(float(step @ across))
    # Lines read in the band that lie on the expected line, not the line above read again.
    extra = [
        moved
        for moved in (_moved(line, origin) for line in engine.read(image_band))
        if normalise(moved.text)
        and abs(float((_centre(moved) - expected.mean(axis=0)) @ across)) <= NEAR * pitch
    ]
    if not extra:
        return reading
    again = parse_front(lines + extra)
    completed = again.fields.get("address")
    if not completed or not completed.startswith(address) or completed == address:
        return reading
    if not completed.endswith(ADDRESS_ENDINGS):
        return reading
    reading.fields["address"] = completed
    reading.confidence["address"] = again.confidence["address"]
    return reading


def _last_address_lines(address: str, lines: list[OcrLine]) -> tuple[OcrLine, np.ndarray] | None:
    """The OCR line the address ends with, and the step from it to the line below it."""
    ends = [
        line
        for line in lines
        if len(normalise(line.text)) >= 2 and address.endswith(normalise(line.text))
    ]
    if not ends:
        return None
    last = max(ends, key=lambda line: len(normalise(line.text)))
    before = address[: len(address) - len(normalise(last.text))]
    above = [
        line
        for line in lines
        if len(normalise(line.text)) >= 2 and before.endswith(normalise(line.text))
    ]
    box = np.asarray(last.box, dtype=float)
    across = _across(box)
    # Lines wrap to the same left edge: only the step across the text counts. With one line
    # read, a line pitch is 1.3 text heights.
    pitch = (
        float((box.mean(axis=0) - _centre(above[0])) @ across)
        if above
        else 1.3 * float(np.hypot(*(box[3] - box[0])))
    )
    return last, across * pitch


def _ending(text: str, lines: list[OcrLine]) -> list[OcrLine]:
    """The lines of two or more characters that ``text`` ends with."""
    return [
        line
        for line in lines
        if len(normalise(line.text)) >= 2 and text.endswith(normalise(line.text))
    ]


def _band(image: np.ndarray, box: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of ``image`` around ``box``, its edges repeated a little further out (the
    detector misses text that touches the border), and where its top-left corner lies in
    ``image``; None if the band is off the image."""
    height, width = image.shape[:2]
    x0, y0 = np.maximum(box.min(axis=0) - MARGIN, 0).astype(int)
    x1, y1 = np.minimum(box.max(axis=0) + MARGIN, [width, height]).astype(int)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    band = np.pad(image[y0:y1, x0:x1], ((PAD, PAD), (PAD, PAD), (0, 0)), mode="edge")
    return band, np.array([x0 - PAD, y0 - PAD], dtype=float)


def _moved(line: OcrLine, origin: np.ndarray) -> OcrLine:
    """``line`` read in a band, placed in the whole image."""
    return replace(line, box=tuple((x + origin[0], y + origin[1]) for x, y in line.box))


def _across(box: np.ndarray) -> np.ndarray:
    """The unit vector across the text direction of ``box`` (from its top edge)."""
    along = box[1] - box[0]
    return np.array([-along[1], along[0]]) / max(float(np.hypot(*along)), 1e-6)


def _centre(line: OcrLine) -> np.ndarray:
    return np.asarray(line.box, dtype=float).mean(axis=0)
