"""A second look where the detector may have missed a line: under an address that stops
short, and beside a 姓名 label with no name.

A wrapped address's last line is often short (``0号``, ``室``), a name is two or three
characters, and on a photo the text detector sometimes finds no box there at all: the address
is then read without its end (…杨柳村7组7, doubted for it by ``corroboration``), or the card
without a name. Each place is looked at once more, the band where the line must be cut out and
read on its own. The lines read there that lie on that line join the card's lines and the side
is parsed again; the value found is kept only if it is whole (an address that extends the one
read and ends as addresses do; a name), with the confidence the parser gives it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from robotlib.documents.corroboration import ADDRESS_ENDINGS
from robotlib.documents.idcard_front import parse_front
from robotlib.documents.reading import CardReading
from robotlib.documents.repairs import normalise
from robotlib.ocr.engine import OcrEngine, OcrLine

#: the band is cut a little wider than the line expected (pixels of the photo)
MARGIN = 12
#: the band's edges repeated this far out (pixels): the detector misses text at the border
PAD = 16
#: a line read in the band is the line expected if its centre lies this close to the expected
#: centre, across the text, in line pitches; further, it is a neighbouring line read again
NEAR = 0.5
#: a line pitch, in text heights, where only one line is there to measure it
PITCH = 1.3
#: how far right of its label a name runs (in label widths: a label of two characters, a
#: gap, a name of up to five)
NAME_REACH = 4.0
NAME_LABEL = "姓名"


def look_again(
    engine: OcrEngine, image: np.ndarray, lines: list[OcrLine], reading: CardReading
) -> CardReading:
    """``reading`` of a card's front with a lost name or address end read in a second look."""
    reading = _look_under_address(engine, image, lines, reading)
    return _look_beside_name_label(engine, image, lines, reading)


def _look_under_address(
    engine: OcrEngine, image: np.ndarray, lines: list[OcrLine], reading: CardReading
) -> CardReading:
    address = reading.fields.get("address")
    if not address or address.endswith(ADDRESS_ENDINGS):
        return reading
    ends = _ending(address, lines)
    if not ends:
        return reading
    last = max(ends, key=lambda line: len(normalise(line.text)))
    box = np.asarray(last.box, dtype=float)
    across = _across(box)
    above = _ending(address[: len(address) - len(normalise(last.text))], lines)
    # Lines wrap to the same left edge: only the step across the text counts.
    pitch = (
        float((box.mean(axis=0) - _centre(above[0])) @ across) if above else PITCH * _height(box)
    )
    extra = _read_band(engine, image, box + across * pitch, abs(pitch))
    again = parse_front(lines + extra) if extra else None
    completed = again.fields.get("address") if again else None
    if (
        again is None
        or completed is None
        or completed == address
        or not completed.startswith(address)
        or not completed.endswith(ADDRESS_ENDINGS)
    ):
        return reading
    reading.fields["address"] = completed
    reading.confidence["address"] = again.confidence["address"]
    return reading


def _look_beside_name_label(
    engine: OcrEngine, image: np.ndarray, lines: list[OcrLine], reading: CardReading
) -> CardReading:
    if "name" in reading.fields:
        return reading
    labels = [line for line in lines if normalise(line.text) == NAME_LABEL]
    if len(labels) != 1:
        return reading
    box = np.asarray(labels[0].box, dtype=float)
    width = box[1] - box[0]
    # the band from the label's right edge to where a name of five characters ends
    band = np.array([box[1], box[1] + width * NAME_REACH, box[2] + width * NAME_REACH, box[2]])
    extra = _read_band(engine, image, band, PITCH * _height(box))
    again = parse_front(lines + extra) if extra else None
    if again is None or "name" not in again.fields:
        return reading
    reading.fields["name"] = again.fields["name"]
    reading.confidence["name"] = again.confidence["name"]
    return reading


def _read_band(
    engine: OcrEngine, image: np.ndarray, expected: np.ndarray, pitch: float
) -> list[OcrLine]:
    """The lines read in the band around box ``expected`` that lie on it, in ``image``'s
    pixels."""
    band = _band(image, expected)
    if band is None:
        return []
    pixels, origin = band
    across = _across(expected)
    centre = expected.mean(axis=0)
    return [
        moved
        for moved in (_moved(line, origin) for line in engine.read(pixels))
        if normalise(moved.text) and abs(float((_centre(moved) - centre) @ across)) <= NEAR * pitch
    ]


def _ending(text: str, lines: list[OcrLine]) -> list[OcrLine]:
    """The lines of two or more characters that ``text`` ends with."""
    return [
        line
        for line in lines
        if len(normalise(line.text)) >= 2 and text.endswith(normalise(line.text))
    ]


def _band(image: np.ndarray, box: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of ``image`` around ``box``, its edges repeated ``PAD`` further out, and where
    its top-left corner lies in ``image``; None if the band is off the image."""
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


def _height(box: np.ndarray) -> float:
    return float(np.hypot(*(box[3] - box[0])))


def _centre(line: OcrLine) -> np.ndarray:
    centre: np.ndarray = np.asarray(line.box, dtype=float).mean(axis=0)
    return centre
