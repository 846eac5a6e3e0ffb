"""Confidence from agreement: the number's checksum and encoded facts, legal terms, place names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from robotlib.documents.corroboration import (
    DOUBTED,
    corroborate_back,
    corroborate_front,
    doubtful_address,
    doubtful_name,
)
from robotlib.documents.places import near_miss
from robotlib.documents.reading import CardReading, Side
from robotlib.validation.idnumber import with_check_digit

NUMBER = "440305199003071236"


def front(**fields: str) -> CardReading:
    reading = CardReading(Side.FRONT, dict(fields), {name: 0.7 for name in fields})
    corroborate_front(reading)
    return reading


def test_a_valid_number_and_the_facts_it_encodes_are_trusted_more():
    reading = front(id_number=NUMBER, birth_date="1990-03-07", sex="男")
    assert reading.confidence["id_number"] == pytest.approx(0.85)
    assert reading.confidence["birth_date"] > 0.95
    assert reading.confidence["sex"] > 0.95


def test_disagreeing_facts_gain_nothing():
    reading = front(id_number=NUMBER, birth_date="1990-03-08", sex="女")
    assert reading.confidence["birth_date"] == 0.7
    assert reading.confidence["sex"] == 0.7


def test_an_invalid_number_gains_nothing():
    reading = front(id_number=NUMBER[:-1] + "7", birth_date="1990-03-07")
    assert reading.confidence == {"id_number": 0.7, "birth_date": 0.7}


@pytest.mark.parametrize(
    ("start", "end", "raised"),
    [
        ("2016-05-10", "2036-05-10", True),
        ("2016-05-10", "2026-05-10", True),
        ("2016-05-10", "2021-05-10", True),
        ("2016-05-10", "长期", True),
        ("2016-05-10", "2036-05-11", False),
        ("2016-05-10", "2030-05-10", False),
    ],
)
def test_a_legal_validity_term_is_trusted_more(start, end, raised):
    reading = CardReading(
        Side.BACK, {"valid_from": start, "valid_to": end}, {"valid_from": 0.7, "valid_to": 0.7}
    )
    corroborate_back(reading)
    assert (reading.confidence["valid_to"] > 0.7) is raised, (start, end)


@pytest.mark.parametrize(
    ("text", "miss"),
    [
        ("辽宁省营口市鲅鱼圈区胜利街242号", None),
        ("辽宁省营口市鼓鱼圈区胜利街242号", "鼓鱼圈区"),
        ("营口市公安局鲅鱼圈分局", None),
        ("营口市公安局戴鱼圈分局", "戴鱼圈分局"),
        ("湖北省荆州市沙市区解放南路80号", None),
        ("云南省大理白族自治州巍山彝族回族自治县滨海路131号", None),
        ("攀枝花市公安局西区分局", None),
        ("广东省深圳市南田区粤海街道", "南田区"),
    ],
)
def test_near_miss_place_names(text, miss):
    assert near_miss(text) == miss


def test_an_address_with_a_misread_place_is_doubted():
    reading = front(address="广东省深圳市南田区粤海街道科技园路88号")
    assert reading.confidence["address"] == DOUBTED
    assert front(address="广东省深圳市南山区粤海街道88号").confidence["address"] == 0.7


@given(st.integers(0, 10**8 - 1), st.integers(0, 16), st.integers(1, 9))
def test_property_a_changed_digit_never_gains_trust(seed, position, shift):
    """Any single-digit change to a valid number breaks its checksum: no confidence is added."""
    number = with_check_digit(
        f"110101{1950 + seed % 60}0{1 + seed % 9}1{seed % 10}{seed % 1000:03d}"
    )
    changed = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    assert front(id_number=number).confidence["id_number"] > 0.7
    assert front(id_number=changed).confidence["id_number"] == 0.7, changed


@pytest.mark.parametrize(
    "address",
    [
        "北京市东城区景山前街4",
        "湖北省来凤县沙坪村1组22or",
        "东城区景山前街4号",
        "起为工住址内蒙古自治区包头市土默特右旗滨江大道375号",
    ],
)
def test_an_address_cut_short_or_with_a_stray_start_is_doubted(address):
    assert front(address=address).confidence["address"] == DOUBTED


@pytest.mark.parametrize(
    ("text", "doubted"),
    [
        ("秦宁县公安局", True),
        ("泰宁县公安局", False),
        ("河北省沧州市沧县朝阳西路50号", False),
        ("新疆维吾尔自治区阿克苏地区温宿县王家村10组97台", True),
        ("江苏省扬州市仪征市友谊", True),
    ],
)
def test_short_counties_do_not_vouch_for_a_misread_and_odd_endings_are_doubted(text, doubted):
    assert (doubtful_address(text) if "公安局" not in text else near_miss(text) is not None) is (
        doubted
    )


@pytest.mark.parametrize(
    ("name", "ethnicity", "doubted"),
    [
        ("张伟", "汉", False),
        ("欧阳娜娜", "汉", False),
        ("上官国斌", None, False),
        ("名上官国斌", "汉", True),
        ("情倩", "汉", True),
        ("张", "汉", True),
        ("扎西顿珠", "藏", False),
        ("扎西顿珠", None, True),
        ("阿依古丽·买买提", None, False),
    ],
)
def test_a_name_without_a_known_surname_is_doubted_unless_a_minority_name(name, ethnicity, doubted):
    assert doubtful_name(name, ethnicity) is doubted, (name, ethnicity)
    fields = {"name": name} if ethnicity is None else {"name": name, "ethnicity": ethnicity}
    assert (front(**fields).confidence["name"] == DOUBTED) is doubted
