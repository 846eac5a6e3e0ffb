"""The identity the registries are asked about: the document where it was read, else the form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from robotlib.model import Applicant


@dataclass(frozen=True)
class Identity:
    """A person as the registry checks ask about them, each value marked read or typed."""

    name: str
    id_number: str
    birth_date: dt.date | None
    #: the name was read from the document (False: the form's, to be asked about, never judged)
    name_read: bool = True
    #: the number was read from the document (False: the form's)
    number_read: bool = True

    @classmethod
    def from_card(
        cls, card: dict[str, str], applicant: Applicant, number_birth_date: dt.date | None
    ) -> Identity:
        """Card values win; the form fills what the card could not give, marked as not read."""
        printed = card.get("birth_date")
        return cls(
            name=card.get("name") or applicant.name,
            id_number=(card.get("id_number") or applicant.id_number).upper(),
            birth_date=dt.date.fromisoformat(printed) if printed else number_birth_date,
            name_read=bool(card.get("name")),
            number_read=bool(card.get("id_number")),
        )
