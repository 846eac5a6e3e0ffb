"""Cards laid out by generators other than the sandbox's: a narrower number, three-line
addresses whose last line wraps, lines further apart."""

from __future__ import annotations

import pytest

from robotlib.checks.trusted_reading import CONFIDENCE_THRESHOLD
from robotlib.documents.idcard import parse_back, parse_front
from robotlib.ocr.engine import OcrLine
from tests.unit.test_idcard_parser import NUMBER, line


def box(text: str, x: float, y: float, width: float, h: float = 30) -> OcrLine:
    return OcrLine(
        text=text, score=0.99, box=((x, y), (x + width, y), (x + width, y + h), (x, y + h))
    )


def narrow_number_front() -> list[OcrLine]:
    """A front whose number is printed at 20 px per digit (the sandbox: 25.8), labels at x = 52."""
    return [
        line("姓名", 52, 62, h=30),
        line("谭彧", 160, 60, h=30),
        line("性别", 52, 126, h=30),
        line("男", 160, 124, h=30),
        line("民族汉", 280, 126, h=30),
        line("出生", 52, 190, h=30),
        line("1990年3月7日", 160, 188, h=30),
        line("住址", 52, 254, h=30),
        line("广东省深圳市南山区粤海", 160, 252, h=30),
        line("街道科技园路88号", 160, 290, h=30),
        line("公民身份号码", 52, 450, h=30),
        box(NUMBER, 276, 446, 18 * 20),
    ]


def test_a_narrow_number_does_not_cut_off_the_name_line():
    reading = parse_front(narrow_number_front())
    assert reading.fields.get("name") == "谭彧"
    assert reading.confidence["name"] >= CONFIDENCE_THRESHOLD


def three_line_address_front(*address_lines: str) -> list[OcrLine]:
    lines = narrow_number_front()
    at = next(i for i, item in enumerate(lines) if item.text == "住址")
    rows = [line(text, 160, 252 + 38 * k, h=30) for k, text in enumerate(address_lines)]
    return lines[: at + 1] + rows + lines[at + 3 :]


def test_a_wrapped_three_line_address_is_read_from_all_its_lines():
    """The last line holds one character; an estate (小区) is no misread district."""
    reading = parse_front(
        three_line_address_front("北京市东城区景山前街4", "号淼泉小区3栋1单元502", "室")
    )
    assert reading.fields["address"] == "北京市东城区景山前街4号淼泉小区3栋1单元502室"
    assert reading.confidence["address"] >= CONFIDENCE_THRESHOLD


def test_a_name_label_held_above_the_card_does_not_replace_the_cards_name():
    """Print above the card carrying 姓名 moves the top edge up to it, yet the name is still
    the card's own: the lowest name row above the sex row."""
    planted = [line("姓名", 52, 10, h=30), line("张三", 160, 8, h=30)]
    reading = parse_front(planted + narrow_number_front())
    assert reading.fields["name"] == "谭彧"


def two_line_authority_back(labelled: bool) -> list[OcrLine]:
    lines = [
        line("中华人民共和国", 250, 64),
        line("居民身份证", 214, 138, h=60),
        line("务川仡佬族苗族自治县公", 300, 364, h=30),
        line("安局", 300, 402, h=30),
        line("有效期限", 150, 456, h=30),
        line("2017.03.09-2037.03.09", 300, 452, h=30),
    ]
    if labelled:
        lines.append(line("签发机关", 150, 366, h=30))
    return lines


@pytest.mark.parametrize("labelled", [True, False])
def test_an_authority_wrapped_onto_two_lines_is_read_from_both(labelled):
    reading = parse_back(two_line_authority_back(labelled))
    assert reading.fields["issuing_authority"] == "务川仡佬族苗族自治县公安局", labelled
    assert reading.confidence["issuing_authority"] >= CONFIDENCE_THRESHOLD, labelled


def test_an_authority_that_lost_its_end_is_doubted():
    lines = [ln for ln in two_line_authority_back(True) if ln.text != "安局"]
    reading = parse_back(lines)
    assert reading.fields["issuing_authority"] == "务川仡佬族苗族自治县公"
    assert reading.confidence["issuing_authority"] < CONFIDENCE_THRESHOLD


def test_a_stray_mark_under_a_one_line_authority_does_not_join_it():
    """Hard photos: print around the card read as ``35`` between authority and validity."""
    lines = [ln for ln in two_line_authority_back(True) if ln.text != "安局"]
    at = next(i for i, ln in enumerate(lines) if ln.text.endswith("县公"))
    lines[at] = line("务川仡佬族苗族自治县公安局", 300, 364, h=30)
    reading = parse_back([*lines, line("35", 300, 404, h=30)])
    assert reading.fields["issuing_authority"] == "务川仡佬族苗族自治县公安局"
