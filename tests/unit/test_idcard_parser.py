"""The card parser on hand-made OCR output: merged and split labels, garbled labels, tilt."""

from __future__ import annotations

import math
import statistics
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from robotlib.checks.trusted_reading import CONFIDENCE_THRESHOLD
from robotlib.documents.confidence import REPAIRED
from robotlib.documents.idcard import parse_back, parse_front
from robotlib.documents.reading import Side
from robotlib.documents.repairs import repaired_scores
from robotlib.documents.vocabulary import ETHNIC_GROUPS, PROVINCES
from robotlib.ocr.engine import OcrLine
from robotlib.validation.idnumber import with_check_digit

NUMBER = "440305199003071236"


def line(text: str, x: float, y: float, score: float = 0.99, h: float = 36) -> OcrLine:
    """An axis-aligned OCR line at (x, y) (top-left), 32 px per character."""
    w = 32 * max(len(text), 1)
    return OcrLine(text=text, score=score, box=((x, y), (x + w, y), (x + w, y + h), (x, y + h)))


def turned(lines: list[OcrLine], degrees: float, centre=(500.0, 300.0)) -> list[OcrLine]:
    """The same lines as seen in a photo turned by ``degrees`` around ``centre``."""
    a = math.radians(degrees)
    cx, cy = centre

    def turn(p: tuple[float, float]) -> tuple[float, float]:
        x, y = p[0] - cx, p[1] - cy
        return (cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a))

    out = []
    for item in lines:
        box = [turn(p) for p in item.box]
        # Like RapidOCR, report corners clockwise from the top-left one in image coordinates.
        start = min(range(4), key=lambda i: box[i][0] + box[i][1])
        out.append(OcrLine(item.text, item.score, tuple(box[start:] + box[:start])))
    return out


def split_front() -> list[OcrLine]:
    """Labels and values in separate boxes, as RapidOCR reports a sharp photo."""
    return [
        line("姓名", 70, 75),
        line("欧阳娜娜", 180, 72),
        line("性别", 70, 145),
        line("女", 180, 142),
        line("民族", 300, 145),
        line("汉", 410, 142),
        line("出生", 70, 210),
        line("1990", 180, 208),
        line("年", 265, 210),
        line("3", 310, 208),
        line("月", 355, 210),
        line("7", 398, 208),
        line("日", 440, 210),
        line("住址", 70, 278),
        line("广东省深圳市南山区粤海", 180, 276),
        line("街道科技园路88号华润城", 180, 320),
        line("三期12栋2单元1703室", 180, 364),
        line("公民身份号码", 70, 455),
        line(NUMBER, 285, 450),
    ]


def merged_front() -> list[OcrLine]:
    """Labels merged into their values, as RapidOCR often reports them."""
    return [
        line("姓名欧阳娜娜", 70, 75),
        line("性别女", 70, 145),
        line("民族汉", 300, 145),
        line("出生1990年3月7日", 70, 210),
        line("住址 广东省深圳市南山区粤海", 70, 278),
        line("街道科技园路88号华润城", 180, 320),
        line("三期12栋2单元1703室", 180, 364),
        line("公民身份号码", 70, 455),
        line(NUMBER, 285, 450),
    ]


FRONT_TRUTH = {
    "name": "欧阳娜娜",
    "sex": "女",
    "ethnicity": "汉",
    "birth_date": "1990-03-07",
    "address": "广东省深圳市南山区粤海街道科技园路88号华润城三期12栋2单元1703室",
    "id_number": NUMBER,
}


@pytest.mark.parametrize("make", [split_front, merged_front], ids=["split", "merged"])
@pytest.mark.parametrize("degrees", [0, 7, -8, 180, 175])
def test_front_reads_every_field(make, degrees):
    reading = parse_front(turned(make(), degrees))
    assert reading.side is Side.FRONT
    assert reading.fields == FRONT_TRUTH, f"{make.__name__} turned {degrees} degrees"
    assert all(0.9 <= c <= 1.0 for c in reading.confidence.values()), reading.confidence


def test_front_in_shuffled_order_reads_the_same():
    lines = merged_front()
    assert parse_front(lines[::-1]).fields == FRONT_TRUTH


def test_garbled_labels_are_stripped_by_position_with_lower_confidence():
    lines = [
        line("娃名欧阳娜娜", 70, 75),
        line("性列女", 70, 145),
        line("民旅汉", 300, 145),
        line("出生1990年3月7日", 70, 210),
        line("往扯广东省深圳市南山区粤海", 70, 278),
        line("街道科技园路88号华润城", 180, 320),
        line("三期12栋2单元1703室", 180, 364),
        line("公民身份号玛" + NUMBER, 70, 452),
    ]
    reading = parse_front(lines)
    assert reading.fields == FRONT_TRUTH
    for name in ("name", "ethnicity", "address"):
        assert reading.confidence[name] < 0.9, name
    # a valid checksum halves the doubt left by the recogniser's score
    assert reading.confidence["id_number"] == pytest.approx(0.995)


def test_values_without_any_labels():
    lines = [
        line("欧阳娜娜", 180, 72),
        line("女", 180, 142),
        line("汉", 410, 142),
        line("1990", 180, 208),
        line("3", 310, 208),
        line("7", 398, 208),
        line("广东省深圳市南山区粤海", 180, 276),
        line("街道科技园路88号华润城", 180, 320),
        line("三期12栋2单元1703室", 180, 364),
        line(NUMBER, 285, 450),
    ]
    reading = parse_front(lines)
    assert reading.fields == FRONT_TRUTH
    # the bare digits are trusted because the number encodes the same date
    assert reading.confidence["birth_date"] > 0.99
    lines[-1] = line("440305199003081235", 285, 450)
    alone = parse_front(lines)
    assert alone.fields["birth_date"] == "1990-03-07"
    assert alone.confidence["birth_date"] < 0.9


def test_missing_lines_leave_fields_absent_not_guessed():
    lines = [ln for ln in merged_front() if not ln.text.startswith(("姓名", "出生"))]
    reading = parse_front(lines)
    assert "name" not in reading.fields
    assert "birth_date" not in reading.fields
    assert reading.fields["sex"] == "女"
    assert reading.fields["id_number"] == NUMBER
    assert set(reading.fields) == set(reading.confidence)


def test_unreadable_number_leaves_the_address_bounded_by_its_label():
    lines = [ln for ln in merged_front() if ln.text != NUMBER]
    reading = parse_front(lines)
    assert "id_number" not in reading.fields
    assert reading.fields["address"] == FRONT_TRUTH["address"]


def test_nothing_read_gives_an_empty_reading():
    assert parse_front([]).fields == {}
    assert parse_back([]).fields == {}
    assert parse_front([line("", 0, 0), line("   ", 0, 50)]).fields == {}


@pytest.mark.parametrize(
    ("printed", "expected", "repaired"),
    [
        ("4403 0519 9003 0712 36", NUMBER, False),
        ("44O305199OO3O71236", NUMBER, True),
        ("44030519900307l236", NUMBER, True),
        ("11010519491231002x", "11010519491231002X", False),
        # A well-formed number with a bad checksum is reported as printed, for the validator.
        ("440305199003071235", "440305199003071235", False),
    ],
)
def test_number_tolerates_spaces_and_confusions(printed, expected, repaired):
    reading = parse_front([*merged_front()[:-1], line(printed, 285, 450, score=1.0)])
    assert reading.fields["id_number"] == expected, printed
    assert (reading.confidence["id_number"] < 1.0) == repaired, printed


def test_confusions_are_not_fixed_when_the_checksum_then_fails():
    reading = parse_front([*merged_front()[:-1], line("44O305199OO3O71235", 285, 450)])
    assert "id_number" not in reading.fields


@pytest.mark.parametrize("group", ["维吾尔", "土家", "土", "蒙古", "柯尔克孜"])
def test_multi_character_ethnic_groups(group):
    lines = merged_front()
    lines[2] = line("民族" + group, 300, 145)
    assert parse_front(lines).fields["ethnicity"] == group


def test_traditional_form_of_an_ethnic_group_is_mapped_back():
    lines = merged_front()
    lines[2] = line("民族漢", 300, 145)
    reading = parse_front(lines)
    assert reading.fields["ethnicity"] == "汉"
    # trusted less than as printed, but a closed-list value still reaches the bot's threshold
    assert (
        0.8 < reading.confidence["ethnicity"] < parse_front(merged_front()).confidence["ethnicity"]
    )


@pytest.mark.parametrize("dot", ["·", ".", "•", "・"])
def test_name_with_middle_dot_and_a_one_line_address(dot):
    lines = merged_front()
    lines[0] = line(f"姓名艾力{dot}吐尔逊", 70, 75)
    del lines[5:7]
    lines[4] = line("住址新疆乌鲁木齐市天山区人民路1号", 70, 278)
    fields = parse_front(lines).fields
    assert fields["name"] == "艾力·吐尔逊"
    assert fields["address"] == "新疆乌鲁木齐市天山区人民路1号"


def test_digits_in_the_address_are_not_taken_for_the_birth_date():
    lines = merged_front()
    lines[3] = line("出生", 70, 210)
    lines[5] = line("街道2008号3栋1单元", 180, 320)
    fields = parse_front(lines).fields
    assert "birth_date" not in fields
    assert fields["address"] == "广东省深圳市南山区粤海街道2008号3栋1单元三期12栋2单元1703室"


def back_lines(authority: str, validity: str, merged: bool = False) -> list[OcrLine]:
    lines = [line("中华人民共和国", 260, 72, h=50), line("居民身份证", 230, 150, h=80)]
    if merged:
        lines += [line("签发机关" + authority, 160, 390), line("有效期限" + validity, 160, 456)]
    else:
        lines += [
            line("签发机关", 160, 392),
            line(authority, 310, 388),
            line("有效期限", 160, 458),
            line(validity, 310, 454),
        ]
    return lines


@pytest.mark.parametrize("merged", [False, True])
@pytest.mark.parametrize("degrees", [0, 6, 180])
def test_back_reads_authority_and_validity(merged, degrees):
    lines = turned(back_lines("深圳市公安局南山分局", "2015.03.07-2035.03.07", merged), degrees)
    reading = parse_back(lines)
    assert reading.side is Side.BACK
    assert reading.fields == {
        "issuing_authority": "深圳市公安局南山分局",
        "valid_from": "2015-03-07",
        "valid_to": "2035-03-07",
    }


@pytest.mark.parametrize(
    ("printed", "valid_to"),
    [
        ("2010.05.01-长期", "长期"),
        ("2010.05.01一长期", "长期"),
        ("2010.05.01-2030.05.01", "2030-05-01"),
        ("20100501-20300501", "2030-05-01"),
        ("2010.05.01 - 2030.05.01", "2030-05-01"),
    ],
)
def test_validity_formats(printed, valid_to):
    reading = parse_back(back_lines("当雄县公安局", printed))
    assert reading.fields["valid_from"] == "2010-05-01", printed
    assert reading.fields["valid_to"] == valid_to, printed


def test_impossible_validity_dates_are_absent():
    reading = parse_back(back_lines("当雄县公安局", "2010.13.01-2030.13.01"))
    assert "valid_from" not in reading.fields
    assert "valid_to" not in reading.fields


def test_garbled_authority_label_and_missing_label():
    reading = parse_back(back_lines("当雄县公安局", "2010.05.01-长期", merged=True))
    assert reading.fields["issuing_authority"] == "当雄县公安局"
    lines = back_lines("北京市公安局东城分局", "2010.05.01-长期", merged=True)
    lines[2] = line("签友机美北京市公安局东城分局", 160, 390)
    reading = parse_back(lines)
    assert reading.fields["issuing_authority"] == "北京市公安局东城分局"
    assert reading.confidence["issuing_authority"] < 0.9
    without_label = [
        ln for ln in back_lines("当雄县公安局", "2010.05.01-长期") if ln.text != "签发机关"
    ]
    assert parse_back(without_label).fields["issuing_authority"] == "当雄县公安局"


def test_back_without_validity_or_authority():
    lines = back_lines("当雄县公安局", "2010.05.01-长期")[:2]
    assert parse_back(lines).fields == {}


# --- property: whatever the values, a cleanly laid-out card parses back to them -------------

_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂喆堃燊彧珺玥琰翀赟旻昶焱垚"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
_PLACE = "东西南北中新华人民解放建设和平胜利光明长江黄河科技花园小区村组"


@st.composite
def front_fields(draw):
    surname = draw(st.sampled_from([*_SURNAMES, "欧阳", "司马"]))
    given_name = draw(st.text(alphabet=_GIVEN, min_size=1, max_size=2))
    year = draw(st.integers(1930, 2015))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    body = f"110105{year:04d}{month:02d}{day:02d}{draw(st.integers(0, 999)):03d}"
    number = with_check_digit(body)
    tail = draw(st.text(alphabet=_PLACE, min_size=2, max_size=16))
    address = draw(st.sampled_from(PROVINCES)) + "省" + tail + f"{draw(st.integers(1, 999))}号"
    return {
        "name": surname + given_name,
        "sex": "男" if int(number[16]) % 2 else "女",
        "ethnicity": draw(st.sampled_from(ETHNIC_GROUPS)),
        "birth_date": f"{year:04d}-{month:02d}-{day:02d}",
        "address": address,
        "id_number": number,
    }


@pytest.mark.slow
@given(
    fields=front_fields(),
    merge=st.booleans(),
    degrees=st.floats(-8, 8) | st.floats(172, 188),
)
@settings(max_examples=150, deadline=None)
def test_property_front_round_trips(fields, merge, degrees):
    year, month, day = fields["birth_date"].split("-")
    address = fields["address"]
    chunks = [address[i : i + 11] for i in range(0, len(address), 11)]
    if merge:
        lines = [
            line("姓名" + fields["name"], 70, 75),
            line("性别" + fields["sex"], 70, 145),
            line("民族" + fields["ethnicity"], 300, 145),
            line(f"出生{int(year)}年{int(month)}月{int(day)}日", 70, 210),
            line("住址" + chunks[0], 70, 278),
        ]
    else:
        lines = [
            line(fields["name"], 180, 72),
            line(fields["sex"], 180, 142),
            line(fields["ethnicity"], 410, 142),
            line(f"{int(year)}年{int(month)}月{int(day)}日", 180, 208),
            line(chunks[0], 180, 276),
        ]
    lines += [line(chunk, 180, 276 + 44 * (i + 1)) for i, chunk in enumerate(chunks[1:])]
    lines.append(line(fields["id_number"], 285, 276 + 44 * len(chunks) + 40))
    assert parse_front(turned(lines, degrees)).fields == fields


def test_a_garbled_number_label_on_its_own_row_is_not_address():
    lines = [*merged_front()[:-2], line("公民身扮号码", 70, 420), line(NUMBER, 285, 475)]
    assert parse_front(lines).fields == FRONT_TRUTH


@pytest.mark.parametrize("label", ["住址西", "住址亲", "住西"])
def test_a_label_box_overlapping_the_first_character_of_the_address(label):
    lines = merged_front()
    lines[4] = line(label, 70, 278)
    lines.insert(5, line("西藏自治区阿里地区普兰", 70 + 32 * len(label) - 18, 276))
    lines[6] = line("县石桥村1组95号", 180, 320)
    del lines[7]
    reading = parse_front(lines)
    assert reading.fields["address"] == "西藏自治区阿里地区普兰县石桥村1组95号", label


def test_a_name_box_overlapping_the_label_box():
    lines = merged_front()
    lines[0:1] = [line("姓名欧", 70, 75), line("欧阳娜娜", 70 + 3 * 32 - 20, 72)]
    assert parse_front(lines).fields["name"] == "欧阳娜娜"


def test_a_label_box_that_read_half_of_the_first_character():
    lines = merged_front()
    lines[0:1] = [line("姓名巾", 70, 75), line("帕提古丽·阿布拉", 70 + 3 * 32 - 20, 72)]
    reading = parse_front(lines)
    assert reading.fields["name"] == "帕提古丽·阿布拉"
    assert reading.confidence["name"] < 0.9


def test_a_label_box_holding_the_first_character_without_overlap():
    lines = merged_front()
    lines[0:1] = [line("姓名欧", 70, 75), line("阳娜娜", 70 + 3 * 32 + 4, 72)]
    assert parse_front(lines).fields["name"] == "欧阳娜娜"


def test_traditional_forms_in_names_and_addresses_are_mapped_back():
    lines = merged_front()
    lines[0] = line("姓名吳昇", 70, 75)
    lines[4] = line("住址四川省涼山彝族自治州", 70, 278)
    del lines[5:7]
    reading = parse_front(lines)
    assert reading.fields["name"] == "吴昇", "吳 is 吴; 昇 is a name character of its own"
    assert reading.fields["address"] == "四川省凉山彝族自治州"
    assert reading.confidence["name"] < 0.9


def _gb2312_hanzi() -> list[str]:
    found = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def test_simplified_text_is_never_changed_by_the_variant_mapping():
    from robotlib.documents.repairs import SIMPLIFIED as _SIMPLIFIED

    hanzi = "".join(_gb2312_hanzi())
    assert len(hanzi) == 6763
    assert hanzi.translate(_SIMPLIFIED) == hanzi


def print_around_the_card() -> list[OcrLine]:
    """Newspaper print beside, below and left of the card, some on the address's rows."""
    return [
        line("营业厅电话", 1100, 278),
        line("客户服务中心", 700, 320),
        line("12345678", -420, 300),
        line("北京上海广东银行", 200, 700),
        line("合计金额", 300, -200),
    ]


@settings(max_examples=60, deadline=None)
@given(
    degrees=st.floats(0, 360, allow_nan=False),
    make=st.sampled_from([split_front, merged_front]),
)
def test_property_any_rotation_on_a_busy_background_reads_the_same(degrees, make):
    reading = parse_front(turned(make() + print_around_the_card(), degrees))
    assert reading.fields == FRONT_TRUTH, f"turned {degrees:.1f} degrees"


def scored(text: str, x: float, y: float, chars: tuple[float, ...] = ()) -> OcrLine:
    """``line`` with per-character scores; its score is their mean, as RapidOCR's is."""
    plain = line(text, x, y)
    score = sum(chars) / len(chars) if chars else plain.score
    return replace(plain, score=score, char_scores=chars)


def front(*name_lines: OcrLine) -> list[OcrLine]:
    """``merged_front`` with other name lines."""
    return [*name_lines, *merged_front()[1:]]


def test_one_unsure_character_in_a_sure_line_makes_the_name_unsure():
    # The line's mean (0.88) would pass the threshold; its last character (0.55) must not.
    reading = parse_front(front(scored("姓名卢情", 70, 75, (0.99, 0.99, 0.99, 0.55))))
    assert reading.fields["name"] == "卢情"
    assert reading.confidence["name"] < CONFIDENCE_THRESHOLD, reading.confidence


def test_unsure_label_characters_do_not_lower_the_name():
    reading = parse_front(front(scored("姓名张伟", 70, 75, (0.41, 0.52, 0.99, 0.98))))
    assert reading.fields["name"] == "张伟"
    assert reading.confidence["name"] == pytest.approx(0.98)


def test_name_in_its_own_box_beside_an_unsure_label():
    label, name = scored("姓名", 70, 75, (0.3, 0.3)), scored("张伟", 180, 72, (0.99, 0.97))
    reading = parse_front(front(label, name))
    assert reading.fields["name"] == "张伟"
    assert reading.confidence["name"] == pytest.approx(0.97)


def test_without_character_scores_the_line_score_counts():
    reading = parse_front(front(scored("姓名张伟", 70, 75)))
    assert reading.confidence["name"] == pytest.approx(0.99)


def test_an_address_line_not_read_leaves_the_address_doubted():
    lines = [item for item in merged_front() if item.text != "街道科技园路88号华润城"]
    reading = parse_front(lines)
    assert reading.fields["address"] == "广东省深圳市南山区粤海三期12栋2单元1703室"
    assert reading.confidence["address"] < CONFIDENCE_THRESHOLD, reading.confidence


def test_print_beside_the_card_above_the_address_is_not_address():
    reading = parse_front([*merged_front(), line("起为工", 10, 248)])
    assert reading.fields == FRONT_TRUTH
    assert reading.confidence["address"] >= 0.9, reading.confidence


def test_the_label_second_character_before_a_name_is_dropped():
    reading = parse_front(front(line("名上官国斌", 70, 75)))
    assert reading.fields["name"] == "上官国斌"
    assert CONFIDENCE_THRESHOLD <= reading.confidence["name"] < 0.9, reading.confidence


def test_a_name_starting_with_the_character_of_the_label_is_kept():
    reading = parse_front(front(line("姓名名晓", 70, 75)))
    assert reading.fields["name"] == "名晓"


def test_one_unsure_character_in_the_address_makes_it_unsure():
    lines = merged_front()
    at = next(i for i, item in enumerate(lines) if item.text == "街道科技园路88号华润城")
    sure = scored(lines[at].text, 180, 320, (0.99,) * 12)
    unsure = scored(lines[at].text, 180, 320, (0.99,) * 5 + (0.45,) + (0.99,) * 6)
    for item, confident in ((sure, True), (unsure, False)):
        lines[at] = item
        reading = parse_front(lines)
        assert reading.fields["address"] == FRONT_TRUTH["address"]
        assert (reading.confidence["address"] >= CONFIDENCE_THRESHOLD) is confident, item


@pytest.mark.parametrize("merged", [False, True])
@pytest.mark.parametrize(
    ("authority", "confidence"),
    # 旅 is no place: its doubt counts; 旗 ends a banner the region table knows, and 公安局
    # follows it: every character is vouched for, and the value is as sure as its characters
    # (the label's are not its own)
    [("科尔沁右翼中旅公安局", 0.53), ("科尔沁右翼中旗公安局", None)],
)
def test_one_unsure_character_in_the_authority_makes_it_unsure(merged, authority, confidence):
    lines = back_lines(authority, "2015.03.07-2035.03.07", merged)
    at = next(i for i, item in enumerate(lines) if item.text.endswith("公安局"))
    label = (0.4, 0.5, 0.9, 0.9) if merged else ()
    unsure = label + (0.99,) * 6 + (0.53,) + (0.99,) * 3
    lines[at] = scored(lines[at].text, lines[at].box[0][0], lines[at].box[0][1], unsure)
    reading = parse_back(lines)
    assert reading.fields["issuing_authority"] == authority
    expected = statistics.fmean(unsure[len(label) :]) if confidence is None else confidence
    assert reading.confidence["issuing_authority"] == pytest.approx(expected, abs=1e-4), merged


def test_a_traditional_form_lowers_only_its_own_character():
    # 镶黃旗: the recogniser answered the traditional 黃 (at 0.61) in a place the table knows
    authority = "镶黄旗公安局"
    lines = back_lines(authority, "2022.08.25-长期", False)
    at = next(i for i, item in enumerate(lines) if item.text.endswith("公安局"))
    x, y = lines[at].box[0]
    lines[at] = scored("镶黃旗公安局", x, y, (0.95, 0.61, 1.0, 1.0, 1.0, 1.0))
    reading = parse_back(lines)
    assert reading.fields["issuing_authority"] == authority
    expected = statistics.fmean((0.95, 0.61 * REPAIRED, 1.0, 1.0, 1.0, 1.0))
    assert reading.confidence["issuing_authority"] == pytest.approx(expected, abs=1e-4)
    assert expected >= CONFIDENCE_THRESHOLD


def test_repaired_scores_pair_with_the_characters():
    assert repaired_scores("镶黃 旗", (0.9, 0.8, 1.0)) == pytest.approx((0.9, 0.8 * REPAIRED, 1.0))
    assert repaired_scores("镶黄旗", (0.9, 0.8)) == ()


@pytest.mark.parametrize("dash", ["-", "—", "－", "–", "_"])
def test_a_dash_inside_a_name_is_the_character_one(dash):
    reading = parse_front(front(line(f"姓名江{dash}萍", 70, 75)))
    assert reading.fields["name"] == "江一萍"
    assert reading.confidence["name"] == pytest.approx(0.99 * REPAIRED)


def test_a_dash_outside_a_name_is_not_taken_for_one():
    reading = parse_front(front(line("姓名-江萍", 70, 75)))
    assert reading.fields.get("name") != "一江萍"
