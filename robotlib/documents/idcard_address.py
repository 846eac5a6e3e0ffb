"""The address on the card's front: where it starts, and its 住址 label."""

from __future__ import annotations

import itertools
import statistics

from robotlib.documents.confidence import put_field, weakest_outside_places
from robotlib.documents.corroboration import DOUBTED
from robotlib.documents.labels import is_label, strip_label
from robotlib.documents.layout import Row
from robotlib.documents.reading import CardReading
from robotlib.documents.vocabulary import PROVINCES

#: characters that may precede the province on the first address line: 住址 plus a character
#: the label's box took from the value
_ADDRESS_LABEL_WIDTH = 3
#: address lines are printed one text height apart; a wider gap between two of them (in text
#: heights, centre to centre) means a line between them was not read
MAX_LINE_PITCH = 1.6


def put_address(reading: CardReading, rows: list[Row]) -> None:
    """The rows between the birth line and the number, joined, minus the 住址 label."""
    # The number's label sits on the number's row, unless OCR put it a little apart.
    rows = [row for row in rows if not is_label(row.text, "公民身份号码")]
    # Print beside the card can form a row of its own above the address: it starts where the
    # label or the province does.
    start = next((i for i, row in enumerate(rows) if starts_address(row.text)), 0)
    rows = rows[start:]
    if not rows:
        return
    if len(rows[0].lines) > 1 and is_label(rows[0].lines[0].text, "住址"):
        first, repaired = strip_label(rows[0], "住址")
    else:
        first, repaired = _strip_address_label(rows[0].text)
    text = first + "".join(row.text for row in rows[1:])
    if text:
        scores = rows[0].scores_of_last(len(first))
        for row in rows[1:]:
            scores += row.scores_of_last(len(row.text))
        score = weakest_outside_places(text, scores, min(row.score for row in rows))
        if line_missing(rows):
            # The rows read may each be right, but the address is not all there.
            score = min(score, DOUBTED)
        put_field(reading, "address", text, score, repaired)


def line_missing(rows: list[Row]) -> bool:
    """Whether two consecutive rows lie further apart than printed lines do."""
    if len(rows) < 2:
        return False
    height = statistics.median(line.height for row in rows for line in row.lines)
    return any(b.v - a.v > MAX_LINE_PITCH * height for a, b in itertools.pairwise(rows))


def starts_address(text: str) -> bool:
    """Whether a row's text is the first line of the address."""
    return text.startswith("住址") or _province_at(text) is not None


def _strip_address_label(text: str) -> tuple[str, bool]:
    # The value starts with a province. Whatever precedes it is label, perhaps with a garbled
    # copy of the value's first character where the label's box overlapped the value's.
    if "住址" in text[2:]:
        # print left of the card that joined the row; the label still marks the value's start
        text = text[text.index("住址") :]
    start = _province_at(text)
    if start is not None:
        return text[start:], text[:start] not in ("", "住址")
    if text.startswith("住址"):
        return text[2:], False
    if text[:1] == "住" or text[1:2] == "址":
        return text[2:], True
    return text, False


def _province_at(text: str) -> int | None:
    """Where a province name starts ``text``, allowing for a (garbled) 住址 label before it."""
    starts = [at for at in (text.find(p) for p in PROVINCES) if 0 <= at <= _ADDRESS_LABEL_WIDTH]
    return min(starts) if starts else None
