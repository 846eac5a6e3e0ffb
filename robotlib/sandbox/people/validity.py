"""Validity periods of synthetic cards: lawful for the holder's age, current or long expired.

The term for an age is the validation package's (``robotlib.validation.card``), so generator
and checker cannot disagree on the law.
"""

from __future__ import annotations

import datetime as dt
import random

from robotlib.validation.card import age_on, validity_years

#: a valid card expires at least this long after generation, so a run days later agrees
VALID_MARGIN = dt.timedelta(days=180)
#: an expired card expired at least this long before generation
EXPIRED_MARGIN = dt.timedelta(days=90)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same month and day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _plausible_issue(birth: dt.date, valid_from: dt.date) -> bool:
    # Keep clear of the age boundaries: a checker that counts whole years and one that only
    # subtracts calendar years must agree on which period applies.
    if valid_from <= birth or (valid_from.month, valid_from.day) == (2, 29):
        return False
    by_age = validity_years(age_on(birth, valid_from))
    by_year = validity_years(valid_from.year - birth.year)
    return by_age == by_year


def current_validity(
    birth: dt.date, rng: random.Random, today: dt.date
) -> tuple[dt.date, dt.date | None]:
    """A validity period that started before ``today`` and runs well past it."""
    earliest = max(birth + dt.timedelta(days=1), add_years(today, -20))
    span = (today - dt.timedelta(days=30) - earliest).days
    while True:
        valid_from = earliest + dt.timedelta(days=rng.randint(0, span))
        if not _plausible_issue(birth, valid_from):
            continue
        years = validity_years(age_on(birth, valid_from))
        valid_to = None if years is None else add_years(valid_from, years)
        if valid_to is None or valid_to >= today + VALID_MARGIN:
            return valid_from, valid_to


def expired_validity(
    birth: dt.date, rng: random.Random, today: dt.date
) -> tuple[dt.date, dt.date] | None:
    """A correctly sized validity period that ended 90 days to 4 years ago, if the age allows."""
    latest_end = today - EXPIRED_MARGIN
    for _ in range(500):
        end = latest_end - dt.timedelta(days=rng.randint(0, 4 * 365))
        years = rng.choice((5, 10, 20))
        valid_from = add_years(end, -years)
        if (
            _plausible_issue(birth, valid_from)
            and validity_years(age_on(birth, valid_from)) == years
        ):
            return valid_from, end
    return None
