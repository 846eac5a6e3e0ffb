"""Per-character recogniser scores: from RapidOCR's results to the least sure one of a value."""

from __future__ import annotations

import pytest

from robotlib.documents.layout import Line, Row
from robotlib.ocr.rapid import character_scores


def test_weakest_of_last_spans_lines_and_lends_line_scores():
    row = Row(
        [
            Line("姓名", 0.5, 0, 60, 0, 30, (0.4, 0.6)),
            Line("欧阳", 0.9, 70, 130, 0, 30),
            Line("娜娜", 0.95, 140, 200, 0, 30, (0.99, 0.91)),
        ]
    )
    assert row.weakest_of_last(2) == pytest.approx(0.91)
    assert row.weakest_of_last(4) == pytest.approx(0.9)
    assert row.weakest_of_last(6) == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("text", "chars", "expected"),
    [
        ("住址 新疆", [("住", 0.9, None), ("址", 0.8, None), ("新", 0.7, None), ("疆", 0.6, None)],
         (0.9, 0.8, 0.7, 0.6)),
        ("张伟", [("张", 0.9, None)], ()),
        ("张伟", [("张", 0.9, None), ("佳", 0.8, None)], ()),
        ("张伟", [], ()),
    ],
)  # fmt: skip
def test_character_scores_only_when_they_spell_the_text(text, chars, expected):
    assert character_scores(text, chars) == expected, text
