"""The card's portrait side: name, sex, ethnicity, birth date, address, number."""

from __future__ import annotations

import re

from stdnum.cn import ric

from robotlib.documents.confidence import put_field
from robotlib.documents.corroboration import corroborate_front
from robotlib.documents.dates import date_of
from robotlib.documents.ethnicity import put_ethnicity
from robotlib.documents.idcard_address import put_address, starts_address
from robotlib.documents.labels import strip_label
from robotlib.documents.layout import Anchor, Row, card_frame, rows_of
from robotlib.documents.lookalikes import lookalike_factor
from robotlib.documents.name_row import FrontPlaces, cannot_be_name, front_places
from robotlib.documents.reading import CardReading, Side
from robotlib.documents.repairs import DIGIT_CONFUSIONS
from robotlib.documents.surnames import has_known_surname
from robotlib.documents.vocabulary import CJK_NAME
from robotlib.ocr.engine import OcrLine

_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9X](?![0-9X])")
_BIRTH = re.compile(r"((?:19|20)\d{2})\D{1,4}?(\d{1,2})\D{1,4}?(\d{1,2})(?!\d)")
_NAME_DOTS = re.compile(r"[.。•・‧∙]")
#: a dash between two characters of a name is 一 (顾一然) read as a dash: names hold no dashes
_NAME_DASH = re.compile(r"(?<=[\u3400-\u9fff])[-‐‑‒–—―－_~～](?=[\u3400-\u9fff])")


def parse_front(lines: list[OcrLine]) -> CardReading:
    """Fields of the portrait side: name, sex, ethnicity, birth date, address, number."""
    reading = CardReading(side=Side.FRONT)
    rows = rows_of(card_frame(lines, _is_number_line, _is_name_line, NUMBER_ANCHOR))
    number_at = _put_number(reading, rows)
    if number_at is None:
        # An unreadable number still leaves its label to mark where the address ends.
        number_at = next((i for i, row in enumerate(rows) if "号码" in row.text), None)
    bottom = number_at if number_at is not None else len(rows)
    birth_at = _put_birth_date(reading, rows[:bottom])
    sex_at = _put_sex_and_ethnicity(reading, rows[: birth_at if birth_at is not None else bottom])
    top = sex_at if sex_at is not None else birth_at
    if top is not None:
        birth = rows[birth_at] if birth_at is not None else None
        _put_name(reading, rows[:top], _places(rows, number_at, birth))
    after = birth_at if birth_at is not None else sex_at
    if after is not None and number_at is not None:
        put_address(reading, rows[after + 1 : number_at])
    corroborate_front(reading)
    return reading


def _is_number_line(text: str) -> bool:
    # The number is the bottom line of the front.
    return len(re.sub(r"\D", "", text)) >= 15


def _number_place(text: str) -> tuple[float, float]:
    """The number is printed letter-spaced from x = 286, about 25.8 px per character; its label
    公民身份号码 starts at x = 74 when OCR merged the two."""
    digits = len(re.sub(r"[^0-9X]", "", text.upper()))
    if _LABEL_BEFORE.match(text):
        return 74.0, 212.0 + 25.8 * digits
    return 286.0, 25.8 * digits


_LABEL_BEFORE = re.compile(r"[^0-9X]{2,}[0-9]", re.IGNORECASE)
#: the number's line places the card; no text starts right of the address column (x = 560)
NUMBER_ANCHOR = Anchor(_is_number_line, _number_place, top=450.0, text_right=560.0)


def _is_name_line(text: str) -> bool:
    # The name label is the top line of the front.
    return "姓名" in text


def _put_number(reading: CardReading, rows: list[Row]) -> int | None:
    """The 18-character number, searched bottom-up; returns its row index."""
    for index in range(len(rows) - 1, -1, -1):
        row = rows[index]
        for text, score in [(line.text, line.score) for line in row.lines] + [
            (row.text, row.score)
        ]:
            found = _number_in(text)
            if found is not None:
                number, repaired = found
                put_field(reading, "id_number", number, score, repaired)
                return index
    return None


def _number_in(text: str) -> tuple[str, bool] | None:
    """(number, repaired) from a line: as printed, else with O/0 and l/1 fixed if that validates.

    A well-formed number with a wrong checksum is returned as printed: whether it is valid is
    the validator's business, not the reader's.
    """
    upper = text.replace("x", "X")
    printed = _NUMBER.findall(upper)
    if printed:
        return next((n for n in printed if _checksum_ok(n)), printed[0]), False
    fixed = [n for n in _NUMBER.findall(upper.translate(DIGIT_CONFUSIONS)) if _checksum_ok(n)]
    return (fixed[0], True) if fixed else None


def _checksum_ok(number: str) -> bool:
    return number[-1] == ric.calc_check_digit(number)


def _put_birth_date(reading: CardReading, rows: list[Row]) -> int | None:
    """The birth line: the first row from the top that holds a real date.

    The address below may hold digits too, so the search stops where the address starts, and a
    row labelled 出生 whose date is unreadable still counts as the birth line (it bounds the
    address) without yielding a value.
    """
    past_sex = False
    for index, row in enumerate(rows):
        # A name may look like a province (吉林), so only rows below the sex line can start one.
        if past_sex and starts_address(row.text):
            return None
        match = _BIRTH.search(row.spaced)
        born = date_of(*match.groups()) if match else None
        if born is not None:
            # Without the 年/月 labels the digits alone are ambiguous; trust them less.
            repaired = not ("年" in row.text and "月" in row.text)
            put_field(reading, "birth_date", born, row.score, repaired)
            return index
        if "出生" in row.text:
            return index
        past_sex = past_sex or _sex_position(row.text) is not None or "民族" in row.text
    return None


def _put_sex_and_ethnicity(reading: CardReading, rows: list[Row]) -> int | None:
    """Sex and ethnicity share a row (性别 男 民族 汉); the lowest row above the birth line."""
    for index in range(len(rows) - 1, -1, -1):
        text = rows[index].text
        labelled = "性别" in text or "民族" in text
        at = _sex_position(text)
        if at is None and not labelled:
            continue
        if at is not None:
            put_field(reading, "sex", text[at], rows[index].score_of(text[at]), False)
        rest = text[at + 1 :] if at is not None else text.split("民族", 1)[-1]
        put_ethnicity(reading, rows[index], rest)
        return index
    return None


def _sex_position(text: str) -> int | None:
    after_label = text.find("性别")
    start = after_label + 2 if after_label >= 0 else 0
    for at in range(start, len(text)):
        if text[at] in "男女":
            return at
    return None


def _places(rows: list[Row], number_at: int | None, birth: Row | None) -> FrontPlaces | None:
    """Where the front's rows sit on the card, from the number's line and the birth row."""
    if number_at is None:
        return None
    numbers = [line for line in rows[number_at].lines if _is_number_line(line.text)]
    if not numbers:
        return None
    number = max(numbers, key=lambda line: line.right - line.left)
    return front_places(number, NUMBER_ANCHOR.place(number.text), birth)


def _put_name(reading: CardReading, rows: list[Row], places: FrontPlaces | None) -> None:
    """The lowest row with CJK text above the sex row, minus its 姓名 label, that can be the
    name by its text and place (``name_row``)."""
    for row in reversed(rows):
        if cannot_be_name(row, places):
            continue
        value, repaired = strip_label(row, "姓名")
        # Minority names separate their parts with a middle dot, which OCR reads as any dot.
        value = _NAME_DOTS.sub("·", value.lstrip(":"))
        value, dashes = _NAME_DASH.subn("一", value)
        repaired = repaired or dashes > 0
        if value[:1] == "名" and not has_known_surname(value) and has_known_surname(value[1:]):
            # The label's second character, read into the value when its first was lost.
            value, repaired = value[1:], True
        if value and CJK_NAME.fullmatch(value):
            # Nothing else on the card vouches for the name, and a line's score is the mean
            # over its characters, the label's included: one misread character of a name among
            # sure ones (卢倩 read as 卢情) must show, a garbled label must not, so the name is
            # as sure as its least sure character. The value is what is left at the row's end
            # once the label is stripped. A rare character read as its common look-alike is
            # sure by the recogniser's score, yet doubtful (lookalikes).
            score = row.weakest_of_last(len(value))
            score *= lookalike_factor(value, row.rivals_of_last(len(value)))
            put_field(reading, "name", value, score, repaired)
            return
