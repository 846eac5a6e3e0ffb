"""Synthetic GB 11643 numbers: assembled from region, birth date and sequence, or forged."""

from __future__ import annotations

import datetime as dt
import random

from robotlib.sandbox.people.person import FEMALE, MALE
from robotlib.validation.idnumber import with_check_digit


def id_number(region_code: str, birth: dt.date, sequence: int) -> str:
    """The GB 11643 number: region, birth date, sequence (odd for men), check character."""
    return with_check_digit(f"{region_code}{birth:%Y%m%d}{sequence:03d}")


def forge_check_digit(number: str, rng: random.Random) -> str:
    """``number`` with a wrong check character, as a forger who ignores the checksum writes."""
    wrong = [c for c in "0123456789X" if c != number[-1]]
    return number[:-1] + rng.choice(wrong)


def sex_of_number(number: str) -> str:
    """The sex the 17th digit encodes."""
    return MALE if int(number[16]) % 2 else FEMALE
