"""Per-character recogniser scores: from RapidOCR's results to the least sure one of a value."""

from __future__ import annotations

import pytest

from robotlib.documents.confidence import weakest_outside_places
from robotlib.documents.idcard_back import AUTHORITY_OFFICES
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


def chars(spelled: str, scores: list[float]) -> list[tuple[str, float, None]]:
    return [(char, score, None) for char, score in zip(spelled, scores, strict=True)]


def test_character_scores_without_spaces_are_taken_as_given():
    assert character_scores("张伟", 0.9, chars("张伟", [0.95, 0.85])) == (0.95, 0.85)


def test_character_scores_after_a_space_are_put_back_in_place():
    # RapidOCR scored 姓 名 ␣ 夏 嘉 玉 as 1.0 1.0 0.56 1.0 1.0 0.7 (mean 0.876667) and paired
    # the five characters with the first five scores: 夏 got the space's score, 玉's was cut.
    given = chars("姓名夏嘉玉", [1.0, 1.0, 0.56, 1.0, 1.0])
    scores = character_scores("姓名 夏嘉玉", 0.876667, given)
    assert scores == pytest.approx((1.0, 1.0, 1.0, 1.0, 0.7), abs=1e-5)


def test_scores_cut_off_by_two_spaces_get_the_least_their_sum_allows():
    # 1 ␣ 2 ␣ 3 scored 0.9 0.5 0.8 0.6 0.7 (mean 0.7); the second space and 3 lost theirs,
    # which sum to 1.3: 3 scored at least 0.3.
    scores = character_scores("1 2 3", 0.7, chars("123", [0.9, 0.5, 0.8]))
    assert scores == pytest.approx((0.9, 0.8, 0.3), abs=1e-6)


@pytest.mark.parametrize(
    ("text", "given"),
    [("张伟", chars("张", [0.9])), ("张伟", chars("张佳", [0.9, 0.8])), ("张伟", [])],
)
def test_no_character_scores_when_they_do_not_spell_the_text(text, given):
    assert character_scores(text, 0.9, given) == (), text


@pytest.mark.parametrize(
    ("weak_at", "expected"),
    [
        (6, 0.99),  # 彝 of 凉山彝族自治州: a name the region table knows vouches for it
        (11, 0.99),  # 宁 of 冕宁县, a county the table knows
        (14, 0.6),  # 平 of 和平街: no place name vouches for a street
        (17, 0.6),  # 8 of the house number
    ],
)
def test_weakest_outside_places(weak_at, expected):
    address = "四川省凉山彝族自治州冕宁县和平街188号"
    scores = [0.99] * len(address)
    scores[weak_at] = 0.6
    assert weakest_outside_places(address, scores, 0.5) == expected, address[weak_at]


def test_weakest_outside_places_falls_back_when_every_character_is_vouched_for():
    assert weakest_outside_places("凉山彝族自治州", [0.6] * 7, 0.7) == 0.7


@pytest.mark.parametrize(
    ("authority", "weak_at", "expected"),
    [
        ("都兰县公安局", 3, 0.9),  # 公 of 公安局 right after a known county: vouched for
        ("深圳市公安局南山分局", 7, 0.9),  # 分局 of a known district
        ("深圳市公安局南山分局", 4, 0.9),  # 安 of 公安局 after a known city
        ("都兰县公安屁", 3, 0.6),  # 公安屁 is no office: its characters count
        ("公安局", 0, 0.6),  # no place before it vouches for the office
        ("某某乡公安局", 3, 0.6),  # nor a place the table does not know
    ],
)
def test_an_authority_office_after_a_known_place_is_vouched_for(authority, weak_at, expected):
    scores = [0.99] * len(authority)
    scores[weak_at] = 0.6
    assert weakest_outside_places(authority, scores, 0.9, AUTHORITY_OFFICES) == expected
