"""The ethnicity is one of the 56 names of GB/T 3304: a near miss is mapped at lower
confidence or doubted, never passed on as an invented name at high confidence."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from robotlib.checks.trusted_reading import CONFIDENCE_THRESHOLD
from robotlib.documents.idcard import parse_front
from robotlib.documents.vocabulary import ETHNIC_GROUPS
from robotlib.ocr.engine import Rivals
from tests.unit.test_idcard_parser import line, merged_front, split_front


def with_ethnicity(text: str, rivals: tuple[Rivals, ...] = (), labelled: bool = True) -> list:
    """The split front with the ethnicity value read as ``text`` (and, unlabelled, no 民族)."""
    lines = split_front()
    lines[5] = replace(lines[5], text=text, char_rivals=rivals)
    if not labelled:
        del lines[4]
    return lines


def exact_confidence() -> float:
    return parse_front(split_front()).confidence["ethnicity"]


@pytest.mark.parametrize(
    ("read", "printed"),
    [("维吾示", "维吾尔"), ("维吾", "维吾尔"), ("士家", "土家"), ("柯尔克孜孜", "柯尔克孜")],
)
def test_a_near_miss_maps_to_the_one_name_it_is_near_and_is_doubted(read, printed):
    reading = parse_front(with_ethnicity(read))
    assert reading.fields.get("ethnicity") == printed, read
    assert reading.confidence["ethnicity"] < CONFIDENCE_THRESHOLD, read


def test_a_rival_reading_on_the_list_maps_at_lower_confidence():
    reading = parse_front(with_ethnicity("汊", ((("汉", 0.2), ("叉", 0.01)),)))
    assert reading.fields["ethnicity"] == "汉"
    assert reading.confidence["ethnicity"] < exact_confidence()


def test_a_rival_too_unlikely_does_not_map():
    reading = parse_front(with_ethnicity("汊", ((("汉", 0.0001),),)))
    assert "ethnicity" not in reading.fields


@pytest.mark.parametrize("read", ["汊", "纳白", "白族白", "蒙吉古"])
def test_an_off_list_value_is_never_passed_on_sure(read):
    """纳白 ends with 白, yet the printed 纳西 is one edit away: no sure 白 is invented."""
    reading = parse_front(with_ethnicity(read))
    value = reading.fields.get("ethnicity")
    assert value is None or reading.confidence["ethnicity"] < CONFIDENCE_THRESHOLD, (read, value)


def test_a_garbled_label_before_the_value_is_still_stripped():
    lines = merged_front()
    lines[2] = line("民旅汉", 300, 145)
    assert parse_front(lines).fields["ethnicity"] == "汉"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="汉回土家白纳西蒙古维吾尔示士仡亿佬族", min_size=1, max_size=4))
def test_property_a_sure_ethnicity_is_always_on_the_list(read):
    reading = parse_front(with_ethnicity(read))
    value = reading.fields.get("ethnicity")
    if value is not None:
        assert value in ETHNIC_GROUPS, read
    if value is not None and value != read:
        assert reading.confidence["ethnicity"] < exact_confidence(), (read, value)


def test_a_value_near_two_names_is_left_out():
    """亿佬 is one edit from both 仡佬 and 仫佬: choosing would be a guess."""
    assert "ethnicity" not in parse_front(with_ethnicity("亿佬")).fields
