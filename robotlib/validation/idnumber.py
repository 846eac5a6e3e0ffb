"""The resident identity number (GB 11643-1999): format, checksum, birth date, region, sex."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError

_FORMAT = re.compile(r"[0-9]{17}[0-9X]")
#: the earliest birth year a living card holder can plausibly have
EARLIEST_BIRTH_YEAR = 1890


@dataclass(frozen=True)
class IdNumberCheck:
    """What the number says about itself.

    ``problem`` is ``None`` when valid, else one of ``"format"``, ``"checksum"``,
    ``"birth date"``, ``"region code"``. ``birth_date`` and ``sex`` are filled whenever the
    number is long enough to carry them, even if it is invalid for another reason.
    """

    number: str
    valid: bool
    problem: str | None = None
    birth_date: date | None = None
    #: "男" or "女", from the parity of the 17th digit
    sex: str | None = None
    #: province / prefecture / county of the region code, when known
    region: str | None = None


def check_id_number(number: str, today: date | None = None) -> IdNumberCheck:
    """Check ``number`` completely; a birth date after ``today`` (default: now) is invalid."""
    compact = ric.compact(number)
    if not _FORMAT.fullmatch(compact):
        return IdNumberCheck(number=compact, valid=False, problem="format")
    sex = "男" if int(compact[16]) % 2 else "女"
    try:
        born: date | None = ric.get_birth_date(compact)
    except InvalidComponent:
        born = None
    region = _region(compact) if born is not None else None
    problem = _problem(compact, born, region, today or date.today())
    return IdNumberCheck(
        number=compact,
        valid=problem is None,
        problem=problem,
        birth_date=born,
        sex=sex,
        region=region,
    )


def _problem(number: str, born: date | None, region: str | None, today: date) -> str | None:
    try:
        ric.validate(number)
    except InvalidChecksum:
        return "checksum"
    except InvalidComponent:
        # stdnum raises the same error for an impossible date and an unknown region.
        return "birth date" if born is None else "region code"
    except KeyError:
        # stdnum 2.2 trips over a code that names a province or city but no county.
        return "region code"
    except ValidationError:
        return "format"
    if born is None or born > today or born.year < EARLIEST_BIRTH_YEAR:
        return "birth date"
    if region is None:
        return "region code"
    return None


def _region(number: str) -> str | None:
    try:
        info = ric.get_birth_place(number)
    except (InvalidComponent, KeyError, ValueError):
        return None
    parts = (info.get("province", ""), info.get("prefecture", ""), info.get("county", ""))
    return "".join(p for p in parts if p) or None


def with_check_digit(first17: str) -> str:
    """The full number for the first 17 digits (handy for tests and the synthetic world)."""
    return first17 + ric.calc_check_digit(first17 + "0")
