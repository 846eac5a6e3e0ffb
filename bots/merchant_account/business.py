"""The business the registries are asked about: the licence where it was read, else the form."""

from __future__ import annotations

from dataclasses import dataclass

from robotlib.model import Business


@dataclass(frozen=True)
class BusinessIdentity:
    uscc: str
    name: str
    #: the legal representative printed on the licence, or the ID card's holder when unread
    legal_representative: str

    @classmethod
    def from_licence(cls, licence: dict[str, str], form: Business, holder: str) -> BusinessIdentity:
        """Licence values win; the form and the ID card fill what the licence did not give."""
        return cls(
            uscc=(licence.get("uscc") or form.uscc).upper(),
            name=licence.get("name") or form.name,
            legal_representative=licence.get("legal_representative") or holder,
        )
