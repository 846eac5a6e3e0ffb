"""Consistency of a card with itself: printed fields vs the number, validity period vs age.

Pure functions over ISO date strings (or dates); ``today`` is always a parameter so that the
checks are reproducible.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from robotlib.validation.idnumber import check_id_number

#: printed instead of an end date on cards issued to people aged 46 and over
PERMANENT = "长期"

#: the card is issued some weeks after the application, so a holder who crossed an age bracket
#: in between legitimately carries the shorter (earlier bracket's) validity
ISSUE_DELAY = timedelta(days=90)


def as_date(value: str | date) -> date:
    """An ISO string (``1990-03-07``) or a date, as a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def number_mismatches(id_number: str, birth_date: str | date | None, sex: str | None) -> list[str]:
    """Problems where the printed birth date or sex disagrees with what the number encodes.

    Fields that are absent are not compared; an unparseable number yields no comparison either
    (its own check reports it).
    """
    check = check_id_number(id_number)
    problems = []
    if birth_date is not None and check.birth_date is not None:
        printed = as_date(birth_date)
        if printed != check.birth_date:
            problems.append(
                f"printed birth date {printed.isoformat()} differs from the number's "
                f"{check.birth_date.isoformat()}"
            )
    if sex is not None and check.sex is not None and sex != check.sex:
        problems.append(f"printed sex {sex} differs from the number's {check.sex}")
    return problems


def age_on(birth_date: str | date, day: str | date) -> int:
    """Age in whole years on ``day``."""
    born, on = as_date(birth_date), as_date(day)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def validity_years(age_at_issue: int) -> int | None:
    """Years a card issued at this age is valid for; ``None`` means 长期 (no end date).

    Resident Identity Card Law, art. 5: under 16 five years, 16-25 ten, 26-45 twenty, 46+ 长期.
    """
    if age_at_issue < 16:
        return 5
    if age_at_issue <= 25:
        return 10
    if age_at_issue <= 45:
        return 20
    return None


def validity_problems(
    birth_date: str | date, valid_from: str | date, valid_to: str | date, today: date
) -> list[str]:
    """Problems with the validity period given the holder's birth date.

    ``valid_to`` must be ``valid_from`` plus the term for the age at issue, on the same month and
    day (29 February falls back to 28 February or 1 March), or ``长期`` at 46 and over.
    """
    born, start = as_date(birth_date), as_date(valid_from)
    problems = []
    if start < born:
        problems.append(f"validity starts {start.isoformat()}, before birth {born.isoformat()}")
        return problems
    if start > today:
        problems.append(f"validity starts {start.isoformat()}, in the future")
    allowed = {validity_years(age_on(born, start))}
    allowed.add(validity_years(age_on(born, start - ISSUE_DELAY)))
    if not any(_ends_after(start, valid_to, years) for years in allowed):
        expected = " or ".join(_describe(years) for years in sorted(allowed, key=_order))
        end = valid_to if isinstance(valid_to, str) else valid_to.isoformat()
        problems.append(
            f"validity {start.isoformat()} to {end} is impossible for age "
            f"{age_on(born, start)} at issue (expected {expected})"
        )
    return problems


def is_legal_term(valid_from: str | date, valid_to: str | date) -> bool:
    """Whether the period is one the law allows for some age: 5, 10 or 20 years, or 长期."""
    start = as_date(valid_from)
    return any(_ends_after(start, valid_to, years) for years in (5, 10, 20, None))


def is_expired(valid_to: str | date, today: date) -> bool:
    """Whether the card's validity ended before ``today`` (valid through its last day)."""
    if valid_to == PERMANENT:
        return False
    return as_date(valid_to) < today


def _ends_after(start: date, valid_to: str | date, years: int | None) -> bool:
    if years is None:
        return valid_to == PERMANENT
    if valid_to == PERMANENT:
        return False
    end = as_date(valid_to)
    year = start.year + years
    if (start.month, start.day) != (2, 29):
        return end == start.replace(year=year)
    accepted = {date(year, 2, 28), date(year, 3, 1)}
    if calendar.isleap(year):
        accepted.add(date(year, 2, 29))
    return end in accepted


def _describe(years: int | None) -> str:
    return PERMANENT if years is None else f"{years} years"


def _order(years: int | None) -> int:
    return 1000 if years is None else years
