"""The card's layout: OCR boxes -> rows of the card, top to bottom, the right way up."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from robotlib.documents.repairs import normalise, repaired_scores, repaired_text
from robotlib.ocr.engine import OcrLine, Rivals

_Value = TypeVar("_Value")


@dataclass
class Line:
    """An OCR line in card coordinates: left/right along the text, top/bottom down the card."""

    text: str
    score: float
    left: float
    right: float
    top: float
    bottom: float
    #: the recogniser's score per character of ``text``, or empty when not known
    char_scores: tuple[float, ...] = ()
    #: the recogniser's rival readings per character of ``text``, or empty when not known
    char_rivals: tuple[Rivals, ...] = ()

    @property
    def v(self) -> float:
        """The vertical middle of the line."""
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        """The line's height."""
        return self.bottom - self.top

    def flipped(self) -> Line:
        """The line as seen on the card turned upside down."""
        return replace(self, left=-self.right, right=-self.left, top=-self.bottom, bottom=-self.top)


@dataclass
class Row:
    """The lines at one height of the card, left to right."""

    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The row's text, its lines joined without spaces."""
        return "".join(line.text for line in self.lines)

    @property
    def spaced(self) -> str:
        """The text with a space where OCR saw separate boxes (keeps "1990" "3" "7" apart)."""
        return " ".join(line.text for line in self.lines)

    @property
    def score(self) -> float:
        """The lowest score of the row's lines."""
        return min(line.score for line in self.lines)

    @property
    def v(self) -> float:
        """The mean vertical middle of the row's lines."""
        return statistics.fmean(line.v for line in self.lines)

    def scores_of_last(self, count: int) -> list[float]:
        """The character scores of the row's last ``count`` characters.

        A line without per-character scores lends each of its characters the line's score.
        """
        return _last(
            count, [line.char_scores or [line.score] * len(line.text) for line in self.lines]
        )

    def rivals_of_last(self, count: int) -> list[Rivals]:
        """The rival readings of the row's last ``count`` characters (none where not known)."""
        return _last(count, [line.char_rivals or [()] * len(line.text) for line in self.lines])

    def weakest_of_last(self, count: int) -> float:
        """The lowest character score among the row's last ``count`` characters."""
        return min(self.scores_of_last(count), default=self.score)

    def score_of(self, value: str) -> float:
        """The score of the line that holds ``value`` (the row's worst if it spans lines)."""
        holders = [line.score for line in self.lines if value and value in line.text]
        return max(holders) if holders else self.score


def _last(count: int, per_line: list[Sequence[_Value]]) -> list[_Value]:
    """The last ``count`` per-character values of a row, its lines' values in order."""
    joined = [value for values in per_line for value in values]
    return joined[-count:] if count > 0 else []


#: the card, in the renderer's and the real card's units: 10 px per mm (85.6 x 54 mm)
CARD_WIDTH = 856.0
CARD_HEIGHT = 540.0
#: slack around the card's edge when dropping what lies outside it (card pixels): none, as the
#: nearest text on the card is 50 px in from its edge, more than the scale estimate is off
CARD_MARGIN = 0.0
#: how far above the card's estimated top edge (card pixels) its top line may be found
TOP_SLACK = 80.0
#: a line whose box is this much longer than high has a direction worth comparing
MIN_ASPECT = 2.0
#: lines on the card run within this of the anchor's direction (perspective, curl)
MAX_SKEW = math.radians(15)


@dataclass(frozen=True)
class Anchor:
    """A line whose place and printed width on the card are known (the front's number).

    Found in a photo, it tells where the rest of the card must be, so that text around the card
    (a newspaper under it, a form beside it) is dropped before rows are formed.
    """

    #: whether an OCR line is this anchor
    matches: Callable[[str], bool]
    #: (left, width) of an anchor line's text on the card, in card pixels: a label OCR merged
    #: into the line moves its start left and widens it
    place: Callable[[str], tuple[float, float]]
    #: where the anchor's text starts, in card pixels from the card's top edge
    top: float
    #: no line of the card starts right of this (card pixels): the portrait is there
    text_right: float = CARD_WIDTH


def card_frame(
    lines: list[OcrLine],
    is_bottom: Callable[[str], bool],
    is_top: Callable[[str], bool],
    anchor: Anchor | None = None,
) -> list[Line]:
    """Project the boxes onto the text direction, so a tilted photo's rows become level.

    The text direction comes from the boxes' long axes (mod 180 degrees), which RapidOCR also
    reports for a card photographed sideways; whether the card is upside down in that frame
    follows from the side's layout: the first line ``is_bottom`` accepts ends the side, the
    first ``is_top`` accepts heads it. With an ``anchor`` found, lines outside the card are
    dropped and the direction is taken again from the card's own lines.
    """
    kept = [line for line in lines if normalise(line.text)]
    if anchor is not None:
        kept = _along_anchor(kept, anchor)
    if not kept:
        return []
    framed = _oriented(kept, is_bottom, is_top)
    if anchor is None:
        return framed
    inside = _inside_card(framed, anchor, is_top)
    if len(inside) == len(kept):
        return framed
    return _oriented([kept[i] for i in inside], is_bottom, is_top)


def _along_anchor(lines: list[OcrLine], anchor: Anchor) -> list[OcrLine]:
    """Drop long lines that run across the anchor's direction: print around a turned card."""
    found = [line for line in lines if anchor.matches(normalise(line.text))]
    if not found:
        return lines
    direction = _long_axis(max(found, key=lambda line: _long_axis(line)[1]))[0]
    kept = []
    for line in lines:
        theta, _, aspect = _long_axis(line)
        off = abs((theta - direction + math.pi / 2) % math.pi - math.pi / 2)
        # A box of one or two characters is nearly square: its long axis says nothing.
        if aspect < MIN_ASPECT or off <= MAX_SKEW:
            kept.append(line)
    return kept


def _long_axis(line: OcrLine) -> tuple[float, float, float]:
    """(direction in radians, length, length / width) of a box's long axis."""
    (x0, y0), (x1, y1), (x2, y2) = line.box[0], line.box[1], line.box[2]
    edges = sorted([(x1 - x0, y1 - y0), (x2 - x1, y2 - y1)], key=lambda e: math.hypot(*e))
    (sx, sy), (dx, dy) = edges
    length = math.hypot(dx, dy)
    return math.atan2(dy, dx), length, length / max(math.hypot(sx, sy), 1e-6)


def _oriented(
    lines: list[OcrLine], is_bottom: Callable[[str], bool], is_top: Callable[[str], bool]
) -> list[Line]:
    angle = _text_angle(lines)
    cos, sin = math.cos(angle), math.sin(angle)
    projected = []
    for line in lines:
        us = [x * cos + y * sin for x, y in line.box]
        vs = [-x * sin + y * cos for x, y in line.box]
        text, score = repaired_text(line.text, line.score)
        chars = repaired_scores(line.text, line.char_scores)
        rivals = line.char_rivals if len(line.char_rivals) == len(text) else ()
        projected.append(Line(text, score, min(us), max(us), min(vs), max(vs), chars, rivals))
    if _is_upright(projected, is_bottom, is_top):
        return projected
    return [line.flipped() for line in projected]


def _inside_card(lines: list[Line], anchor: Anchor, is_top: Callable[[str], bool]) -> list[int]:
    """Indices of the lines whose centres lie on the card the anchor line belongs to.

    The card's extent is scaled from the anchor's printed width, which a card not printed by
    the sandbox (a narrower number) gets a few percent wrong, enough to lose the top line. So
    the side's top line (``is_top``: the 姓名 label), when it lies just above that top edge, moves
    the edge up to it: print around the card does not carry the label.
    """
    found = [line for line in lines if anchor.matches(line.text)]
    if not found:
        return list(range(len(lines)))
    mark = max(found, key=lambda line: line.right - line.left)
    at, width = anchor.place(mark.text)
    scale = (mark.right - mark.left) / max(width, 1.0)
    left = mark.left - (at + CARD_MARGIN) * scale
    right = mark.left + (CARD_WIDTH - at + CARD_MARGIN) * scale
    starts_before = mark.left + (anchor.text_right - at) * scale
    top = mark.top - (anchor.top + CARD_MARGIN) * scale
    bottom = mark.top + (CARD_HEIGHT - anchor.top + CARD_MARGIN) * scale
    heads = [
        line
        for line in lines
        if is_top(line.text)
        and left <= (line.left + line.right) / 2 <= right
        and line.left <= starts_before
        and top - TOP_SLACK * scale <= line.v < top
    ]
    if heads:
        top = min(line.top for line in heads)
    return [
        i
        for i, line in enumerate(lines)
        if left <= (line.left + line.right) / 2 <= right
        and line.left <= starts_before
        and top <= line.v <= bottom
    ]


def _text_angle(lines: Sequence[OcrLine]) -> float:
    """Mean direction of the boxes' long axes, weighted by length (angles doubled: mod 180)."""
    sx = sy = 0.0
    for line in lines:
        theta, length, _ = _long_axis(line)
        sx += length * math.cos(2 * theta)
        sy += length * math.sin(2 * theta)
    return math.atan2(sy, sx) / 2


def _is_upright(
    lines: list[Line], is_bottom: Callable[[str], bool], is_top: Callable[[str], bool]
) -> bool:
    """Whether the side's bottom line lies below its top line.

    Either alone is judged against the middle of the card; with neither the frame is kept.
    """
    bottom = next((line for line in lines if is_bottom(line.text)), None)
    top = next((line for line in lines if is_top(line.text)), None)
    if bottom is not None:
        return _lies_below(bottom, top, lines)
    if top is not None:
        return not _lies_below(top, None, lines)
    return True


def _lies_below(line: Line, anchor: Line | None, lines: list[Line]) -> bool:
    """Whether ``line`` sits below ``anchor``, or below the middle of the card without one."""
    reference = anchor.v if anchor is not None else statistics.median(x.v for x in lines)
    return line.v >= reference


def rows_of(lines: list[Line]) -> list[Row]:
    """Group lines whose vertical centres are within half a text height; each row left to right."""
    if not lines:
        return []
    tolerance = 0.5 * statistics.median(line.height for line in lines)
    rows: list[Row] = []
    for line in sorted(lines, key=lambda line: line.v):
        if rows and abs(line.v - rows[-1].v) <= tolerance:
            rows[-1].lines.append(line)
        else:
            rows.append(Row([line]))
    for row in rows:
        row.lines.sort(key=lambda line: line.left)
        row.lines = _without_overlap(row.lines)
    return rows


def _without_overlap(lines: list[Line]) -> list[Line]:
    """Drop a character read twice where a box reaches into its right neighbour.

    A label's box sometimes swallows half of the value's first character ("住址西" next to
    "西藏自治区…"); a character that ends one box, starts the next and lies in both is one.
    """
    kept = lines[:1]
    for line in lines[1:]:
        before = kept[-1]
        char_width = (line.right - line.left) / max(len(line.text), 1)
        overlap = before.right - line.left
        if len(before.text) > 1 and before.text[-1] == line.text[0] and overlap > 0.4 * char_width:
            kept[-1] = replace(
                before,
                text=before.text[:-1],
                char_scores=before.char_scores[:-1],
                char_rivals=before.char_rivals[:-1],
            )
        kept.append(line)
    return kept
