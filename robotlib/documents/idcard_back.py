"""The card's emblem side: issuing authority and validity period."""

from __future__ import annotations

import re
import statistics

from robotlib.documents.confidence import put_field, weakest_outside_places
from robotlib.documents.corroboration import DOUBTED, corroborate_back
from robotlib.documents.dates import iso_date
from robotlib.documents.idcard_address import line_missing
from robotlib.documents.labels import is_label, strip_label
from robotlib.documents.layout import Anchor, Row, card_frame, rows_of
from robotlib.documents.reading import CardReading, Side
from robotlib.documents.vocabulary import CJK_NAME
from robotlib.ocr.engine import OcrLine


def parse_back(lines: list[OcrLine]) -> CardReading:
    """Fields of the emblem side: issuing authority and validity period."""
    reading = CardReading(side=Side.BACK)
    rows = rows_of(card_frame(lines, _is_validity_line, _is_title_line, VALIDITY))
    validity_at = _put_validity(reading, rows)
    _put_authority(reading, rows, validity_at)
    corroborate_back(reading)
    return reading


def _is_validity_line(text: str) -> bool:
    # The validity dates are the bottom line of the back: a date, then a date or 长期.
    digits = re.sub(r"\D", "", text)
    if len(digits) < 8 or iso_date(digits[:8]) is None:
        return False
    return len(digits) >= 15 or "长" in text or "期" in text


def _validity_place(text: str) -> tuple[float, float]:
    """The period is printed from x = 310 (31 px CJK, about 15.7 px per other character); its
    label 有效期限 starts at x = 160 when OCR merged the two."""
    label = text[: next((i for i, ch in enumerate(text) if ch.isdigit()), len(text))]
    value = text[len(label) :]
    wide = sum(len(run) for run in CJK_NAME.findall(value))
    width = 31.0 * wide + 15.7 * (len(value) - wide)
    return (160.0, 150.0 + width) if label else (310.0, width)


#: the validity period, printed from (310, 454) on the card
VALIDITY = Anchor(_is_validity_line, _validity_place, top=454.0)


def _is_title_line(text: str) -> bool:
    # The title (中华人民共和国 居民身份证) is the top line of the back.
    return "身份证" in text or "共和国" in text


def _put_validity(reading: CardReading, rows: list[Row]) -> int | None:
    """'2015.03.07-2035.03.07' or '2015.03.07-长期', searched bottom-up."""
    for index in range(len(rows) - 1, -1, -1):
        row = rows[index]
        digits = re.sub(r"\D", "", row.text)
        if len(digits) < 8 or not _is_validity_line(row.text):
            continue
        start = iso_date(digits[:8])
        if start is None:
            return None
        if len(digits) == 16 and (end := iso_date(digits[8:])) is not None:
            put_field(reading, "valid_from", start, row.score, False)
            put_field(reading, "valid_to", end, row.score, False)
        elif len(digits) == 8 and "长" in re.split(r"\d", row.text)[-1]:
            put_field(reading, "valid_from", start, row.score, False)
            put_field(reading, "valid_to", "长期", row.score, "长期" not in row.text)
        return index
    return None


#: what an issuing authority calls itself after its place (都兰县公安局, 朝阳分局...)
AUTHORITY_OFFICES = ("公安局", "分局", "派出所")
#: how every issuing authority ends
AUTHORITY_ENDS = ("局", "所")


def _put_authority(reading: CardReading, rows: list[Row], validity_at: int | None) -> None:
    """The row labelled 签发机关 and the line it wraps onto, else the rows right above the
    validity period."""
    labelled = [i for i, row in enumerate(rows) if "机关" in row.text or "签发" in row.text]
    if labelled:
        first = labelled[-1]
    elif validity_at is not None and validity_at > 0:
        first = _unlabelled_start(rows, validity_at)
    else:
        return
    if _is_title_line(rows[first].text):
        return
    value, repaired = strip_label(rows[first], "签发机关")
    if "机关" in value[:6] and not value.endswith("机关"):
        value, repaired = value.split("机关", 1)[1], True
    wrapped = _wrapped(rows, first, validity_at)
    value += "".join(row.text for row in wrapped[1:])
    if len(value) >= 3 and CJK_NAME.fullmatch(value):
        scores = [score for row in wrapped for score in row.scores_of_last(len(row.text))]
        scores = scores[len(scores) - len(value) :]
        # all of it vouched for (a known place and its office): as sure as its characters
        every = statistics.fmean(scores) if scores else rows[first].score_of(value)
        score = weakest_outside_places(value, scores, every, AUTHORITY_OFFICES)
        if not value.endswith(AUTHORITY_ENDS):
            # Authorities end in 局 (公安局, 分局) or 所 (派出所): this one lost its end.
            score = min(score, DOUBTED)
        put_field(reading, "issuing_authority", value, score, repaired)


def _wrapped(rows: list[Row], first: int, validity_at: int | None) -> list[Row]:
    """Row ``first`` and the rows of CJK text below it, above the validity period, one line
    pitch apart (a stray mark between the two, read as ``35``, ends the authority)."""
    end = validity_at if validity_at is not None and validity_at > first else first + 1
    kept = [rows[first]]
    for row in rows[first + 1 : end]:
        if (
            is_label(row.text, "有效期限")
            or not CJK_NAME.fullmatch(row.text)
            or line_missing([kept[-1], row])
        ):
            break
        kept.append(row)
    return kept


def _unlabelled_start(rows: list[Row], validity_at: int) -> int:
    """The first row of an unlabelled authority ending right above the validity period.

    A long authority wraps onto a second line (务川仡佬族苗族自治县公 / 安局): the row above
    the last belongs to it when it is no title, holds only CJK text and lies one line above.
    """
    last = validity_at - 1
    above = rows[last - 1] if last > 0 else None
    if (
        above is not None
        and not _is_title_line(above.text)
        and CJK_NAME.fullmatch(above.text)
        and not line_missing([above, rows[last]])
    ):
        return last - 1
    return last
