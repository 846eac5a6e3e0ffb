"""Dates printed on the card, as ISO dates."""

from __future__ import annotations

import re
from datetime import date

_DATE = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})")


def date_of(year: str, month: str, day: str) -> str | None:
    """The ISO date, or ``None`` if there is no such day."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def iso_date(digits: str) -> str | None:
    """The ISO date of eight digits ``YYYYMMDD``, or ``None``."""
    match = _DATE.fullmatch(digits)
    return date_of(*match.groups()) if match else None
