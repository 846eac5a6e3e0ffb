"""Rows that are not the front's name: the ethnicity row, the label alone, rows away from the
name's place. Both hard photos are the OCR lines of a bench world (bench/decisions.py, seed 7),
whose name a closer read found right but a wrong first-read "name" contradicted."""

from __future__ import annotations

import pytest

from robotlib.documents.idcard import parse_front
from robotlib.documents.layout import Line, Row
from robotlib.documents.name_row import cannot_be_name
from robotlib.documents.vocabulary import ETHNIC_GROUPS
from robotlib.ocr.engine import OcrLine
from tests.unit.test_idcard_parser import FRONT_TRUTH, line, merged_front


def ocr(text: str, score: float, *corners: tuple[int, int]) -> OcrLine:
    return OcrLine(text, score, tuple((float(x), float(y)) for x, y in corners))


def turned_card_without_sex_row() -> list[OcrLine]:
    """A hard photo, card turned about 6 degrees: no sex row found, the ethnicity row garbled
    (民旅藏), no name found."""
    return [
        ocr("三起下作山就务起如也而学", 0.999, (148, 36), (524, 40), (524, 86), (148, 82)),
        ocr("INEHURN", 0.507, (0, 190), (130, 190), (130, 230), (0, 230)),
        ocr("公民身份号码", 0.98, (770, 213), (935, 196), (940, 245), (775, 262)),
        ocr("540102198304209912", 1.0, (282, 265), (741, 216), (746, 265), (287, 314)),
        ocr("滨海路62号8栋2107室", 1.0, (542, 370), (858, 330), (865, 382), (548, 422)),
        ocr("住址", 0.945, (868, 373), (963, 363), (968, 405), (873, 415)),
        ocr("西藏自治区拉萨市城关区", 0.999, (513, 416), (866, 370), (873, 424), (520, 470)),
        ocr("出生1983年4月20日", 0.999, (577, 478), (978, 422), (985, 474), (584, 530)),
        ocr("民旅藏", 0.85, (615, 542), (775, 518), (782, 568), (622, 592)),
        ocr("9", 0.747, (820, 579), (952, 564), (958, 614), (826, 630)),
        ocr("务地主力发着", 0.964, (1054, 716), (1260, 716), (1260, 764), (1054, 764)),
    ]


def sideways_card_with_clutter() -> list[OcrLine]:
    """A hard photo, card on its side: the 民族 label read as 国 and 区 where it is printed,
    the 姓名 label as 姓 alone, no name and no sex found."""
    return [
        ocr("510129199005153778", 1.0, (631, 279), (685, 275), (717, 713), (663, 717)),
        ocr("了在家四地就大后产电", 0.986, (90, 312), (136, 313), (130, 574), (84, 573)),
        ocr("LONSE", 0.617, (182, 366), (216, 366), (216, 444), (182, 444)),
        ocr("四川省成都市大邑县李家", 1.0, (485, 494), (533, 491), (557, 826), (509, 829)),
        ocr("1990年5月15日", 0.999, (421, 545), (475, 541), (497, 835), (443, 839)),
        ocr("区", 0.96, (370, 582), (410, 582), (410, 634), (370, 634)),
        ocr("国", 0.55, (369, 629), (413, 624), (423, 723), (379, 728)),
        ocr("村12组53号", 1.0, (539, 656), (587, 653), (599, 820), (551, 823)),
        ocr("公民身份号码", 0.995, (671, 746), (713, 743), (723, 900), (681, 903)),
        ocr("州", 0.96, (456, 840), (496, 840), (496, 890), (456, 890)),
        ocr("日", 0.662, (462, 890), (498, 890), (498, 928), (462, 928)),
        ocr("姓", 0.652, (334, 904), (370, 904), (370, 944), (334, 944)),
    ]


@pytest.mark.parametrize(
    "make", [turned_card_without_sex_row, sideways_card_with_clutter], ids=["民旅藏", "国区"]
)
def test_a_hard_photo_without_a_name_row_gives_no_name(make):
    reading = parse_front(make())
    assert "name" not in reading.fields, reading.fields
    assert reading.fields["birth_date"], reading.fields
    assert reading.fields["id_number"], reading.fields


def without_sex_row(*extra: OcrLine) -> list[OcrLine]:
    """``merged_front`` without its sex and ethnicity lines, with ``extra`` lines."""
    kept = [item for item in merged_front() if not item.text.startswith(("性别", "民族"))]
    return [*kept, *extra]


@pytest.mark.parametrize("garbled", ["民旅藏", "氏族汉", "民族", "民汉", "族维吾尔"])
def test_a_garbled_ethnicity_row_is_not_the_name_even_without_the_number(garbled):
    lines = [item for item in without_sex_row(line(garbled, 300, 145)) if "号码" not in item.text]
    lines = [item for item in lines if item.text != FRONT_TRUTH["id_number"]]
    reading = parse_front(lines)
    assert reading.fields.get("name") == FRONT_TRUTH["name"], (garbled, reading.fields)


def test_garble_where_the_sex_row_is_printed_is_not_the_name():
    reading = parse_front(without_sex_row(line("国区", 70, 145)))
    assert reading.fields.get("name") == FRONT_TRUTH["name"], reading.fields


def test_garble_right_of_the_name_column_on_the_name_row_is_not_the_name():
    lines = [item for item in without_sex_row() if not item.text.startswith("姓名")]
    reading = parse_front([*lines, line("国区", 300, 75)])
    assert "name" not in reading.fields, reading.fields


@pytest.mark.parametrize("name", ["李白", "王京", "张满", "刘苗", "黎明", "白雪"])
def test_a_name_holding_a_group_character_is_still_the_name(name):
    lines = [item for item in without_sex_row() if not item.text.startswith("姓名")]
    reading = parse_front([*lines, line("姓名" + name, 70, 75)])
    assert reading.fields.get("name") == name, reading.fields


@pytest.mark.parametrize("group", ETHNIC_GROUPS)
@pytest.mark.parametrize("label", ["民族", "民", "族", "民旅", "氏族"])
def test_every_group_after_its_label_remains_is_not_a_name(group, label):
    row = Row([Line(label + group, 0.9, 0.0, 100.0, 0.0, 36.0)])
    assert cannot_be_name(row, None), label + group
