"""The business-licence parser on hand-made OCR output: merged, split and garbled labels."""

from __future__ import annotations

from robotlib.documents.licence import parse_licence
from robotlib.documents.reading import Side
from robotlib.documents.sides import detect_side
from robotlib.ocr.engine import OcrLine

CODE = "91440300MA5F123452"
TRUTH = {
    "uscc": CODE,
    "name": "深圳华创智联科技有限公司",
    "type": "有限责任公司",
    "legal_representative": "欧阳娜娜",
    "registered_capital": "伍佰万元整",
    "established": "2015-03-07",
    "address": "广东省深圳市南山区粤海街道科技园路88号",
}


def line(text: str, x: float, y: float, score: float = 0.99) -> OcrLine:
    w = 30 * max(len(text), 1)
    return OcrLine(text, score, ((x, y), (x + w, y), (x + w, y + 34), (x, y + 34)))


def licence(name_label: str = "名称", merged: bool = False) -> list[OcrLine]:
    def pair(label: str, value: str, x: float, vx: float, y: float) -> list[OcrLine]:
        if merged:
            return [line(label + value, x, y)]
        return [line(label, x, y), line(value, vx, y)]

    return [
        line("统一社会信用代码", 90, 80),
        line(CODE, 90, 116),
        line("营业执照", 470, 130),
        *pair(name_label, "深圳华创智联科技有限公司", 110, 310, 330),
        *pair("注册资本", "伍佰万元整", 760, 910, 330),
        *pair("类型", "有限责任公司", 110, 310, 410),
        *pair("成立日期", "2015年03月07日", 760, 910, 410),
        *pair("法定代表人", "欧阳娜娜", 110, 310, 490),
        *pair("住所", "广东省深圳市南山区粤海街", 760, 910, 490),
        line("道科技园路88号", 910, 532),
        line("登记机关", 900, 820),
        line("2015年03月07日", 900, 870),
    ]


def test_labels_and_values_in_separate_boxes():
    reading = parse_licence(licence())
    assert reading.side is Side.LICENCE
    assert reading.fields == TRUTH


def test_labels_merged_into_values():
    assert parse_licence(licence(merged=True)).fields == TRUTH


def test_a_garbled_long_label_still_cuts_the_row():
    lines = licence(merged=True)
    lines = [
        line("法定代表入欧阳娜娜", 110, 490) if ln.text.startswith("法定代表人") else ln
        for ln in lines
    ]
    reading = parse_licence(lines)
    assert reading.fields["legal_representative"] == "欧阳娜娜"
    assert reading.confidence["legal_representative"] < 0.99


def test_a_code_with_a_wrong_checksum_is_not_reported():
    lines = [ln if ln.text != CODE else line(CODE[:-1] + "3", 90, 116) for ln in licence()]
    assert "uscc" not in parse_licence(lines).fields


def test_a_missing_label_leaves_its_field_out():
    lines = [ln for ln in licence() if ln.text not in ("类型", "有限责任公司")]
    reading = parse_licence(lines)
    assert "type" not in reading.fields
    assert reading.fields["name"] == TRUTH["name"]


def test_sides_are_told_apart_by_their_words_and_values():
    assert detect_side(licence()) is Side.LICENCE
    front = [line("姓名张伟", 70, 75), line("440305199003071236", 285, 450)]
    back = [line("签发机关深圳市公安局", 160, 390), line("2015.03.07-2035.03.07", 310, 454)]
    assert detect_side(front) is Side.FRONT
    assert detect_side(back) is Side.BACK


def one_column() -> list[OcrLine]:
    """The older one-column layout: another order, colons, the code top right on its label's
    row, a term and a scope between the fields, the registrar at the bottom left."""
    return [
        line("营业执照", 440, 80),
        line("统一社会信用代码：" + CODE, 760, 200),
        line("名称：", 160, 300),
        line("深圳华创智联科技有限公司", 420, 300),
        line("类型：有限责任公司", 160, 370),
        line("住所：", 160, 440),
        line("广东省深圳市南山区粤海街道科技园路88号", 420, 440),
        line("法定代表人：欧阳娜娜", 160, 540),
        line("注册资本：伍佰万元整", 160, 610),
        line("成立日期：", 160, 680),
        line("2015年03月07日", 420, 680),
        line("营业期限：2015年03月07日至长期", 160, 750),
        line("登记机关", 160, 840),
        line("2015年03月07日", 160, 890),
    ]


def test_a_one_column_layout_in_another_order_reads_the_same_fields():
    assert parse_licence(one_column()).fields == TRUTH


def test_a_licence_photographed_upside_down_reads_the_same_fields():
    def turned(ln: OcrLine) -> OcrLine:
        return OcrLine(ln.text, ln.score, tuple((2000 - x, 1400 - y) for x, y in ln.box))

    assert parse_licence([turned(ln) for ln in reversed(one_column())]).fields == TRUTH
