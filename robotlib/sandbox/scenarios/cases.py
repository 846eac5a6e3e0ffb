"""One synthetic application's facts: the card as printed, the form as typed, the photos."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from robotlib.model.result import IdentityFields
from robotlib.sandbox.people.person import Person
from robotlib.sandbox.scenarios.personal import Scenario


class Photo(StrEnum):
    """What the file of one card side holds."""

    #: a phone photo of the card side
    CARD = "card"
    #: a photo with the name and the number hidden
    COVERED = "covered"
    #: not submitted at all
    ABSENT = "absent"
    #: a JPEG cut short, as an interrupted upload leaves it
    TRUNCATED = "truncated"
    #: random bytes with a .jpg name
    NOISE = "noise"


@dataclass(frozen=True)
class Case:
    """One application's facts: the card as printed, the form as typed, the photos."""

    scenario: Scenario
    card: IdentityFields
    form_name: str
    form_number: str
    phone: str
    front: Photo = Photo.CARD
    back: Photo = Photo.CARD

    def submitted(self) -> list[tuple[str, Photo]]:
        """``(side, photo)`` of the card sides the applicant sent: ``"front"``, ``"back"``."""
        sides = (("front", self.front), ("back", self.back))
        return [(side, photo) for side, photo in sides if photo is not Photo.ABSENT]


def case_of(scenario: Scenario, person: Person, **photos: Photo) -> Case:
    """The case of someone whose card and form both show ``person``."""
    return Case(
        scenario=scenario,
        card=person.card_fields(),
        form_name=person.name,
        form_number=person.id_number,
        phone=person.phone,
        **photos,
    )
