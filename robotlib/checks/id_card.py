"""The ID card against itself: a valid number, an unexpired card, printed fields that agree."""

from __future__ import annotations

import datetime as dt

from robotlib.bot import BotOutcome
from robotlib.model import ReasonCode
from robotlib.validation.card import is_expired, number_mismatches, validity_problems
from robotlib.validation.idnumber import check_id_number

R = ReasonCode

#: how each problem of ``check_id_number`` is worded for an operator
NUMBER_PROBLEMS = {
    "format": "ID number format (18 characters, digits and a final X)",
    "checksum": "ID number check digit",
    "birth date": "ID number birth date is impossible",
    "region code": "ID number region code is unknown",
}


def number_birth_date(id_number: str | None) -> dt.date | None:
    """The birth date a valid number encodes, else None."""
    if not id_number:
        return None
    check = check_id_number(id_number)
    return check.birth_date if check.valid else None


def check_card(card: dict[str, str], out: BotOutcome, today: dt.date) -> None:
    """ID_NUMBER_INVALID, ID_EXPIRED and ID_INCONSISTENT from the fields that were read."""
    number = card.get("id_number")
    check = None if number is None else check_id_number(number, today)
    if check is not None and not check.valid:
        out.add(R.ID_NUMBER_INVALID, NUMBER_PROBLEMS.get(check.problem or "", check.problem))
    valid = check if check is not None and check.valid else None
    valid_to = card.get("valid_to")
    if valid_to is not None and is_expired(valid_to, today):
        out.add(R.ID_EXPIRED, "card expired before the day it was checked")
    if valid and number_mismatches(valid.number, card.get("birth_date"), card.get("sex")):
        out.add(R.ID_INCONSISTENT, "printed birth date or sex differs from the ID number's")
    birth_date = card.get("birth_date") or (
        str(valid.birth_date) if valid and valid.birth_date else None
    )
    valid_from = card.get("valid_from")
    if (
        birth_date
        and valid_from
        and valid_to
        and validity_problems(birth_date, valid_from, valid_to, today)
    ):
        out.add(R.ID_INCONSISTENT, "validity period impossible for the holder's age")
