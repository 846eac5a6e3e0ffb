"""Spreadsheet cells as the text a field expects: numbers, dates and blanks as people mean them."""

from __future__ import annotations

import datetime as dt

from robotlib.errors import InputError

#: floats this large have lost digits: an 18-digit ID number typed into a number cell
_EXACT_FLOAT_LIMIT = 1e15


def cell_text(value: object) -> str | None:
    """The cell as text; None for a blank cell.

    :raises InputError: a number too long to be exact (Excel keeps 15 digits): the column
        must be formatted as text, and no guess can restore the lost digits.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if abs(value) >= _EXACT_FLOAT_LIMIT:
            raise InputError(
                "stored as a number and rounded to 15 digits; format the column as text "
                "and enter the value again"
            )
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip() or None
