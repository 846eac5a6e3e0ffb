"""A synthetic resident: who the registry says they are, the card they hold and their phone."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from robotlib.model.result import IdentityFields
from robotlib.sandbox.draws import random_day
from robotlib.sources.records import LONG_TERM

FIRST_BIRTH = dt.date(1950, 1, 1)
LAST_BIRTH = dt.date(2008, 12, 31)

MALE, FEMALE = "男", "女"
HAN = "汉"


@dataclass(frozen=True)
class Person:
    """A resident as the registry knows them, with the card they hold and their phone."""

    #: the Han surname, empty for names without one (Uyghur, Tibetan, Mongolian)
    surname: str
    name: str
    sex: str
    ethnicity: str
    birth_date: dt.date
    id_number: str
    address: str
    issuing_authority: str
    valid_from: dt.date
    #: None means long-term (长期)
    valid_to: dt.date | None
    phone: str

    @property
    def valid_to_text(self) -> str:
        """ISO date or ``长期``, as the registry and the result record write it."""
        return LONG_TERM if self.valid_to is None else self.valid_to.isoformat()

    def card_fields(self) -> IdentityFields:
        """The fields printed on this person's card."""
        return IdentityFields(
            name=self.name,
            id_number=self.id_number,
            sex=self.sex,
            ethnicity=self.ethnicity,
            birth_date=self.birth_date.isoformat(),
            address=self.address,
            issuing_authority=self.issuing_authority,
            valid_from=self.valid_from.isoformat(),
            valid_to=self.valid_to_text,
        )


def random_birth_date(rng: random.Random) -> dt.date:
    """A birth date in the range the world uses (1950-2008)."""
    return random_day(rng, FIRST_BIRTH, LAST_BIRTH)
