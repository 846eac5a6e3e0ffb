"""A card's consistency with itself: printed fields vs the number, validity vs age."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from robotlib.validation.card import (
    PERMANENT,
    age_on,
    is_expired,
    number_mismatches,
    validity_problems,
    validity_years,
)

TODAY = date(2026, 11, 1)
NUMBER = "440305199003071236"  # born 1990-03-07, male


def test_printed_fields_matching_the_number():
    assert number_mismatches(NUMBER, "1990-03-07", "男") == []
    assert number_mismatches(NUMBER, date(1990, 3, 7), "男") == []


def test_printed_birth_date_or_sex_differing_from_the_number():
    problems = number_mismatches(NUMBER, "1990-03-08", "女")
    assert len(problems) == 2
    assert "1990-03-08" in problems[0]
    assert "1990-03-07" in problems[0]
    assert "女" in problems[1]


def test_absent_fields_are_not_compared():
    assert number_mismatches(NUMBER, None, None) == []
    assert number_mismatches("garbage", "1990-03-08", "女") == []


@pytest.mark.parametrize(
    ("age", "years"), [(0, 5), (15, 5), (16, 10), (25, 10), (26, 20), (45, 20), (46, None)]
)
def test_validity_years_by_age_at_issue(age, years):
    assert validity_years(age) == years


def test_age_on():
    assert age_on("1990-03-07", "2015-03-06") == 24
    assert age_on("1990-03-07", "2015-03-07") == 25


@pytest.mark.parametrize(
    ("born", "start", "end"),
    [
        ("2012-06-01", "2020-06-01", "2025-06-01"),
        ("1995-03-07", "2015-03-07", "2025-03-07"),
        ("1985-03-07", "2015-03-07", "2035-03-07"),
        ("1960-03-07", "2015-03-07", PERMANENT),
        ("1990-01-01", "2016-02-29", "2036-02-28"),
        ("1990-01-01", "2016-02-29", "2036-03-01"),
        ("1990-01-01", "2016-02-29", "2036-02-29"),
        # Applied at 25, issued weeks after turning 26: the 10-year term is still right.
        ("1990-03-07", "2016-04-01", "2026-04-01"),
    ],
)
def test_possible_validity_periods(born, start, end):
    assert validity_problems(born, start, end, TODAY) == [], (born, start, end)


@pytest.mark.parametrize(
    ("born", "start", "end", "says"),
    [
        ("1995-03-07", "2015-03-07", "2035-03-07", "expected 10 years"),
        ("1985-03-07", "2015-03-07", PERMANENT, "expected 20 years"),
        ("1960-03-07", "2015-03-07", "2035-03-07", "expected 长期"),
        ("1985-03-07", "2015-03-07", "2035-03-08", "impossible"),
        ("1990-03-07", "1989-01-01", "1994-01-01", "before birth"),
        ("1985-03-07", "2027-03-07", "2047-03-07", "in the future"),
    ],
)
def test_impossible_validity_periods(born, start, end, says):
    problems = validity_problems(born, start, end, TODAY)
    assert problems, (born, start, end)
    assert any(says in p for p in problems), problems


def test_expiry():
    assert is_expired("2026-10-31", TODAY)
    assert not is_expired("2026-11-01", TODAY), "valid through its last day"
    assert not is_expired(PERMANENT, TODAY)
    assert not is_expired(date(2030, 1, 1), TODAY)


@given(
    born=st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 1, 1)),
    after=st.integers(min_value=0, max_value=100 * 365),
)
def test_property_the_legal_term_is_always_consistent(born, after):
    start = born + timedelta(days=after)
    assume(start <= TODAY and (start.month, start.day) != (2, 29))
    years = validity_years(age_on(born, start))
    end = PERMANENT if years is None else start.replace(year=start.year + years)
    assert validity_problems(born, start, end, TODAY) == [], (born, start, end)


@given(
    born=st.dates(min_value=date(1920, 1, 1), max_value=date(2010, 1, 1)),
    after=st.integers(min_value=0, max_value=80 * 365),
    extra=st.integers(min_value=1, max_value=3),
)
def test_property_a_term_a_few_years_too_long_is_caught(born, after, extra):
    start = born + timedelta(days=after)
    assume(start <= TODAY and (start.month, start.day) != (2, 29))
    years = validity_years(age_on(born, start)) or 20
    end = start.replace(year=start.year + years + extra)
    assert validity_problems(born, start, end, TODAY), (born, start, end)
