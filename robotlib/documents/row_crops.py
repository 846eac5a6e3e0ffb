"""Reading front rows the detector missed, cut out where the card's layout puts them.

On a small, dark, blurred card (the ``hard`` photos) the text detector sometimes finds no box
for a short line (性别 男) at any size, while the recogniser reads the character well once it
is given the right piece of the image. The number line places the card: its direction is the
text's, its printed start (``idcard_front.NUMBER_ANCHOR``) where its row begins; the other
lines found, all above it on the card, tell which way is up, and the rows found by their
labels the scale down the card (the number's width when there are none). The sex value is then
cut out of the photo at its place on the card, turned upright and read by the recogniser
alone (``RecognisingEngine.recognise``), and so is the name.

A sex read this way is kept only when it is sure in shape and score: the crop reads 男 or 女
alone, at ``SURE_SEX_SCORE`` or more, without the other sex among its rivals. The sex is never
taken from the ID number: the printed sex is checked against the number to catch a forged card.

A name read this way is never sure on its own (a misread name goes to the registries and
turns into a reject): it is kept at ``CROP_NAME_CONFIDENCE``, which counts only where it says
exactly what the applicant typed (the bot's form-agreement rule), and only when the crop
reads a name's shape (CJK) at ``SURE_NAME_SCORE`` or more.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from robotlib.documents.confidence import put_field
from robotlib.documents.idcard_front import NUMBER_ANCHOR, parse_front
from robotlib.documents.name_row import NUMBER_MIDDLE, ROW_MIDDLES
from robotlib.documents.reading import CardReading
from robotlib.documents.repairs import normalise
from robotlib.documents.vocabulary import CJK_NAME
from robotlib.ocr.engine import OcrLine, RecognisingEngine

#: the sex value's place on the card (card pixels: left, top, right, bottom): the character
#: printed at x = 182 on the 性别 row, with a margin that keeps out the label (ends at x = 152),
#: 民族 (starts at x = 296) and the rows above and below (69 and 65 px away)
SEX_VALUE = (160.0, 135.0, 250.0, 195.0)
#: the name value's place: printed from x = 182 on the 姓名 row (middle 96), up to about eight
#: characters (250 px); the label ends at x = 152, the sex row is 69 px below
NAME_VALUE = (165.0, 68.0, 450.0, 124.0)
#: height of the crop handed to the recogniser, its input height (PP-OCR: 48 px)
CROP_HEIGHT = 48
#: the least score of a sex read from a crop
SURE_SEX_SCORE = 0.9
#: a rival at least this likely for the other sex makes the read unsure
RIVAL_DOUBT = 0.01
SEXES = ("男", "女")
#: the least score of a name read from a crop
SURE_NAME_SCORE = 0.9
#: the confidence a name read from a crop is kept at: at least the bot's form-agreement floor
#: (0.5), under its threshold (0.8), so it counts only where it is exactly what was typed
CROP_NAME_CONFIDENCE = 0.6


@dataclass(frozen=True)
class CardPlacement:
    """Where the card lies in the photo: card pixels -> image pixels.

    ``origin`` is the image point of the card's (0, 0); ``across`` and ``down`` are the image
    vectors of one card pixel along the text and down the card.
    """

    origin: tuple[float, float]
    across: tuple[float, float]
    down: tuple[float, float]

    def to_image(self, x: float, y: float) -> tuple[float, float]:
        """The image point of the card point (``x``, ``y``)."""
        return (
            self.origin[0] + x * self.across[0] + y * self.down[0],
            self.origin[1] + x * self.across[1] + y * self.down[1],
        )

    def box(
        self, left: float, top: float, right: float, bottom: float
    ) -> tuple[tuple[float, float], ...]:
        """The image corners of a card rectangle, clockwise from its top-left."""
        return (
            self.to_image(left, top),
            self.to_image(right, top),
            self.to_image(right, bottom),
            self.to_image(left, bottom),
        )


def place_card(lines: list[OcrLine]) -> CardPlacement | None:
    """The card's placement from its number line and the lines found above it, or None
    without a number line or any other line to tell up from down.

    The number gives the direction of the text and where its row starts; the rows found by
    their labels (``ROW_MIDDLES``) give the scale down the card, which the number's own width
    gives less surely (fonts differ in width, blur widens boxes); without them the number's
    width is the scale.
    """
    numbers = [line for line in lines if NUMBER_ANCHOR.matches(normalise(line.text))]
    if not numbers:
        return None
    number = max(numbers, key=lambda line: _extent(line, _long_axis(line))[1])
    others = [line for line in lines if line is not number and normalise(line.text)]
    labelled = [(line, _row_middle(line.text)) for line in others]
    rows = [(line, middle) for line, middle in labelled if middle is not None]
    down = _down(number, [line for line, _ in rows] or others)
    if down is None:
        return None
    across = (down[1], -down[0])
    start, length = _extent(number, across)
    at, width = NUMBER_ANCHOR.place(normalise(number.text))
    middle = _middle(number, down)
    rises = [(middle - _middle(line, down), NUMBER_MIDDLE - row) for line, row in rows]
    if rises:
        # Least squares through the number's middle: image pixels per card pixel.
        scale = sum(r * n for r, n in rises) / sum(n * n for _, n in rises)
    else:
        scale = length / max(width, 1.0)
    ox = start * across[0] + middle * down[0] - scale * (at * across[0] + NUMBER_MIDDLE * down[0])
    oy = start * across[1] + middle * down[1] - scale * (at * across[1] + NUMBER_MIDDLE * down[1])
    return CardPlacement(
        (ox, oy), (scale * across[0], scale * across[1]), (scale * down[0], scale * down[1])
    )


def _row_middle(text: str) -> float | None:
    """The card middle of the row a line's label names, if it holds one."""
    flat = normalise(text)
    return next((middle for label, middle in ROW_MIDDLES.items() if label in flat), None)


def _down(number: OcrLine, above: list[OcrLine]) -> tuple[float, float] | None:
    """The unit vector down the card: across the number's line, away from the lines above."""
    if not above:
        return None
    along = _long_axis(number)
    normal = (-along[1], along[0])
    centre = number.center
    lean = sum(
        (line.center[0] - centre[0]) * normal[0] + (line.center[1] - centre[1]) * normal[1]
        for line in above
    )
    return normal if lean < 0 else (-normal[0], -normal[1])


def cut_out(
    image: np.ndarray, placement: CardPlacement, area: tuple[float, float, float, float]
) -> np.ndarray:
    """The card rectangle ``area`` of ``image``, upright, ``CROP_HEIGHT`` high."""
    left, top, right, bottom = area
    width = max(1, round(CROP_HEIGHT * (right - left) / (bottom - top)))
    # PIL's affine transform maps each output pixel back to the input.
    per_x = (right - left) / width
    per_y = (bottom - top) / CROP_HEIGHT
    x0, y0 = placement.to_image(left, top)
    ax, ay = placement.across
    dx, dy = placement.down
    coefficients = (ax * per_x, dx * per_y, x0, ay * per_x, dy * per_y, y0)
    crop = Image.fromarray(image).transform(
        (width, CROP_HEIGHT), Image.Transform.AFFINE, coefficients, Image.Resampling.BICUBIC
    )
    return np.asarray(crop)


def read_front_rows(
    engine: RecognisingEngine, image: np.ndarray, lines: list[OcrLine], reading: CardReading
) -> CardReading:
    """The front ``reading`` of ``lines`` with the sex and the name the detector missed read
    from where the card puts them: the sex when the reading has none (the front parsed again
    with the crop's line), the name when the reading's is less sure than a crop's would be."""
    if "sex" not in reading.fields:
        sex_row = read_sex_row(engine, image, lines)
        if sex_row is not None:
            reading = parse_front([*lines, sex_row])
    if reading.confidence.get("name", 0.0) < CROP_NAME_CONFIDENCE:
        name = read_name_row(engine, image, lines)
        if name is not None:
            put_field(reading, "name", name, CROP_NAME_CONFIDENCE, False)
    return reading


def read_sex_row(
    engine: RecognisingEngine, image: np.ndarray, lines: list[OcrLine]
) -> OcrLine | None:
    """The sex value read from its place on the card, as a line boxing that place, or None
    when the card cannot be placed or the read is not sure (``sure_sex``)."""
    placement = place_card(lines)
    if placement is None:
        return None
    read = engine.recognise(cut_out(image, placement, SEX_VALUE))
    if not sure_sex(read):
        return None
    return OcrLine(read.text, read.score, placement.box(*SEX_VALUE), (read.score,))


def read_name_row(engine: RecognisingEngine, image: np.ndarray, lines: list[OcrLine]) -> str | None:
    """The name read from its place on the card, or None when the card cannot be placed or
    the read is not a sure name (``sure_name``)."""
    placement = place_card(lines)
    if placement is None:
        return None
    read = engine.recognise(cut_out(image, placement, NAME_VALUE))
    return read.text if sure_name(read) else None


def sure_name(read: OcrLine) -> bool:
    """Whether a crop's read has a name's shape (CJK, a minority name's middle dot) and is
    sure; no surname is asked for (多吉, a Tibetan name, has none)."""
    return read.score >= SURE_NAME_SCORE and CJK_NAME.fullmatch(read.text) is not None


def sure_sex(read: OcrLine) -> bool:
    """Whether a crop's read is 男 or 女 alone, sure, with the other one no rival."""
    if read.text not in SEXES or read.score < SURE_SEX_SCORE:
        return False
    other = SEXES[1 - SEXES.index(read.text)]
    rivals = read.char_rivals[0] if read.char_rivals else ()
    return not any(char == other and odds >= RIVAL_DOUBT for char, odds in rivals)


def _long_axis(line: OcrLine) -> tuple[float, float]:
    """The unit vector along a box's longer side, pointing right in the image (or down)."""
    (x0, y0), (x1, y1), (x2, y2) = line.box[0], line.box[1], line.box[2]
    dx, dy = max([(x1 - x0, y1 - y0), (x2 - x1, y2 - y1)], key=lambda e: math.hypot(*e))
    if dx < 0 or (dx == 0 and dy < 0):
        dx, dy = -dx, -dy
    length = math.hypot(dx, dy) or 1.0
    return dx / length, dy / length


def _extent(line: OcrLine, direction: tuple[float, float]) -> tuple[float, float]:
    """(start, length) of a box projected on ``direction``."""
    along = [x * direction[0] + y * direction[1] for x, y in line.box]
    return min(along), max(along) - min(along)


def _middle(line: OcrLine, direction: tuple[float, float]) -> float:
    """The centre of a box projected on ``direction``."""
    start, length = _extent(line, direction)
    return start + length / 2
