"""The identity number check (GB 11643-1999 via python-stdnum)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from robotlib.validation.idnumber import check_id_number, with_check_digit

TODAY = date(2026, 11, 1)
#: Beijing Dongcheng: a region code assigned for every birth year the tests use
DONGCHENG = "110101"


def test_a_valid_number():
    check = check_id_number("440305199003071236", today=TODAY)
    assert check.valid
    assert check.problem is None
    assert check.birth_date == date(1990, 3, 7)
    assert check.sex == "男"
    assert check.region is not None
    assert check.region.startswith("广东省")


def test_lower_case_x_and_spaces_are_accepted():
    number = with_check_digit("11010519491231002")
    assert number.endswith("X")
    check = check_id_number(" " + number.lower() + " ", today=TODAY)
    assert check.valid, check
    assert check.number == number


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("440305199003071235", "checksum"),
        ("4403051990030712", "format"),
        ("44030519900307123456", "format"),
        ("44030519900307123A", "format"),
        ("44030519900307123٦", "format"),  # an Arabic-Indic digit is a digit to str.isdigit
        ("", "format"),
        (with_check_digit("44030519900230123"), "birth date"),
        (with_check_digit("44030519901307123"), "birth date"),
        (with_check_digit("99030519900307123"), "region code"),
        # a code naming a province but no county (python-stdnum raises KeyError on it)
        (with_check_digit("11110120000101000"), "region code"),
        (with_check_digit("11010120300101123"), "birth date"),
    ],
)
def test_problems(number, problem):
    check = check_id_number(number, today=TODAY)
    assert not check.valid, number
    assert check.problem == problem, number


def test_invalid_number_still_reports_what_it_encodes():
    check = check_id_number("440305199003071235", today=TODAY)
    assert check.birth_date == date(1990, 3, 7)
    assert check.sex == "男"


births = st.dates(min_value=date(1950, 1, 1), max_value=date(2020, 12, 31))
sequences = st.integers(min_value=0, max_value=999)


@given(born=births, sequence=sequences)
def test_property_any_number_with_its_check_digit_validates(born, sequence):
    number = with_check_digit(f"{DONGCHENG}{born:%Y%m%d}{sequence:03d}")
    check = check_id_number(number, today=TODAY)
    assert check.valid, number
    assert check.birth_date == born, number
    assert check.sex == ("男" if sequence % 2 else "女"), number


@given(
    born=births,
    sequence=sequences,
    position=st.integers(min_value=0, max_value=16),
    shift=st.integers(min_value=1, max_value=9),
)
def test_property_any_single_digit_error_is_caught(born, sequence, position, shift):
    number = with_check_digit(f"{DONGCHENG}{born:%Y%m%d}{sequence:03d}")
    digit = str((int(number[position]) + shift) % 10)
    typo = number[:position] + digit + number[position + 1 :]
    assert not check_id_number(typo, today=TODAY).valid, typo
