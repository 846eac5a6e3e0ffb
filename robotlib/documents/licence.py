"""Reading the business licence (营业执照): OCR lines -> the registry's fields.

The licence prints two columns of label / value pairs. Each row of the page is read as one
string with the x position of every character; labels found in it (exactly, or with one
character garbled) cut it into values, each starting where its label ends. A row without a
label continues the value above whose column it lines up with (a long name or address wraps).
The credit code is found by its shape and checksum wherever it is printed; the date of
establishment by its date pattern. A field not found is left out, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from robotlib.documents.confidence import put_field, supported
from robotlib.documents.corroboration import DOUBTED, STRUCTURE, doubtful_address
from robotlib.documents.dates import date_of
from robotlib.documents.layout import Row, card_frame, rows_of
from robotlib.documents.reading import CardReading, Side
from robotlib.documents.vocabulary import CJK_NAME
from robotlib.ocr.engine import OcrLine
from robotlib.validation.uscc import check_uscc

#: printed label -> field; labels of fields not read still end the value before them
LABELS: dict[str, str | None] = {
    "名称": "name",
    "类型": "type",
    "法定代表人": "legal_representative",
    "负责人": "legal_representative",
    "经营者": "legal_representative",
    "注册资本": "registered_capital",
    "成立日期": "established",
    "住所": "address",
    "经营场所": "address",
    "营业期限": None,
    "经营范围": None,
    "登记机关": None,
    "统一社会信用代码": None,
}
#: values that may wrap onto a second row
_WRAPPING = {"name", "address", None}
_CODE = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{18}")
_CODE_REPAIRS = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5", "V": "U"})
_DATE = re.compile(r"((?:19|20)\d{2})\D{1,3}?(\d{1,2})\D{1,3}?(\d{1,2})")


@dataclass
class _Value:
    field: str | None
    left: float
    text: str
    score: float
    repaired: bool


def parse_licence(lines: list[OcrLine]) -> CardReading:
    """Fields of a business licence, named as in ``enterprise_registry.csv``."""
    reading = CardReading(side=Side.LICENCE)
    _put_code(reading, lines)
    rows = rows_of(card_frame(lines, lambda t: "登记机关" in t, lambda t: "营业执照" in t))
    values: list[_Value] = []
    above: list[_Value] = []
    for row in rows:
        found = _labelled(row)
        if found:
            values.extend(found)
            above = found
        elif above:
            _continue(above, row)
    for value in values:
        _put_value(reading, value)
    return reading


def _put_code(reading: CardReading, lines: list[OcrLine]) -> None:
    for line in lines:
        text = re.sub(r"\s", "", line.text).upper()
        for candidate in _CODE.findall(text) + _CODE.findall(text.translate(_CODE_REPAIRS)):
            if check_uscc(candidate).valid:
                repaired = candidate not in text
                score = supported(line.score, STRUCTURE)
                put_field(reading, "uscc", candidate, score, repaired)
                return


def _labelled(row: Row) -> list[_Value]:
    """Cut a row at its labels: each label's value runs to the next label."""
    chars: list[tuple[str, float, float]] = []
    for line in row.lines:
        step = (line.right - line.left) / max(len(line.text), 1)
        chars.extend((ch, line.left + i * step, line.score) for i, ch in enumerate(line.text))
    text = "".join(ch for ch, _, _ in chars)
    marks = _label_marks(text)
    values = []
    for n, (_, end, label, garbled) in enumerate(marks):
        stop = marks[n + 1][0] if n + 1 < len(marks) else len(text)
        part = chars[end:stop]
        # a label whose value is on the next row still owns that row
        left = part[0][1] if part else chars[end - 1][1]
        text_of = "".join(ch for ch, _, _ in part).lstrip(":：")
        score = min((s for _, _, s in part), default=1.0)
        values.append(_Value(LABELS[label], left, text_of, score, garbled))
    return values


def _label_marks(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, label, garbled) of each label in ``text``, left to right, not overlapping."""
    marks: list[tuple[int, int, str, bool]] = []
    taken: set[int] = set()
    for label in sorted(LABELS, key=len, reverse=True):
        at = text.find(label)
        garbled = False
        if at < 0 and len(label) >= 4:
            at = _garbled_at(text, label)
            garbled = at >= 0
        if at >= 0 and not taken & set(range(at, at + len(label))):
            marks.append((at, at + len(label), label, garbled))
            taken.update(range(at, at + len(label)))
    return sorted(marks)


def _garbled_at(text: str, label: str) -> int:
    """Where ``label`` stands with one character misread, or -1."""
    for at in range(len(text) - len(label) + 1):
        if sum(a != b for a, b in zip(text[at : at + len(label)], label, strict=True)) == 1:
            return at
    return -1


def _continue(above: list[_Value], row: Row) -> None:
    """Append each line of an unlabelled row to the value above it in the same column."""
    for line in row.lines:
        value = min(above, key=lambda v: abs(v.left - line.left))
        if value.field in _WRAPPING and abs(value.left - line.left) < 3 * line.height:
            value.text += line.text
            value.score = min(value.score, line.score)


def _put_value(reading: CardReading, value: _Value) -> None:
    field, text = value.field, value.text
    if field is None or not text or field in reading.fields:
        return
    score = value.score
    if field == "established":
        match = _DATE.search(text)
        day = date_of(*match.groups()) if match else None
        if day is None:
            return
        text = day
    elif field == "legal_representative":
        if not (CJK_NAME.fullmatch(text) and len(text) <= 8):
            return
    elif field == "registered_capital":
        if "万" not in text and "元" not in text:
            return
    elif field == "address" and doubtful_address(text):
        score = min(score, DOUBTED)
    put_field(reading, field, text, score, value.repaired)
