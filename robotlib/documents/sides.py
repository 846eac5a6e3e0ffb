"""Which document an image shows, from the words and value shapes its OCR lines hold.

Each side has words only it prints and values only it carries; a garbled label costs one
marker, not the verdict. An image with no marker of any side is refused, never guessed.
"""

from __future__ import annotations

import re

from robotlib.documents.reading import Side
from robotlib.documents.repairs import normalise
from robotlib.errors import DocumentInvalid
from robotlib.ocr.engine import OcrLine

_MARKERS: dict[Side, tuple[str, ...]] = {
    Side.FRONT: ("姓名", "性别", "民族", "出生", "住址", "公民身份", "号码"),
    Side.BACK: ("居民身份证", "共和国", "签发机关", "有效期限", "长期"),
    Side.LICENCE: (
        "营业执照", "统一社会信用代码", "法定代表人", "注册资本", "成立日期", "经营范围",
        "登记机关", "类型", "住所",
    ),
}  # fmt: skip
#: values only one side carries: the 18-character identity number, the validity period, and
#: the 18-character credit code (letters after the first two characters)
_VALUES: dict[Side, re.Pattern[str]] = {
    Side.FRONT: re.compile(r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])"),
    Side.BACK: re.compile(r"(?:19|20)\d{2}\.?\d{2}\.?\d{2}-(?:(?:19|20)\d{2}|长期)"),
    Side.LICENCE: re.compile(
        r"(?<![0-9A-Z])[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?!\w)"
    ),
}


def detect_side(lines: list[OcrLine], name: str = "image") -> Side:
    """The side whose markers the lines hold most of.

    :raises DocumentInvalid: naming ``name`` when no side's marker is found.
    """
    text = "".join(normalise(line.text) for line in lines).upper()
    scores = {
        side: sum(word in text for word in words) + 2 * bool(_VALUES[side].search(text))
        for side, words in _MARKERS.items()
    }
    best = max(scores, key=lambda side: scores[side])
    if scores[best] == 0:
        raise DocumentInvalid(
            f"{name}: neither side of an ID card nor a business licence "
            f"({len(lines)} lines of text found)"
        )
    return best
