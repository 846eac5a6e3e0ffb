"""The business the registries are asked about: the licence where it was read, else the form."""

from __future__ import annotations

from dataclasses import dataclass

from robotlib.model import Business


@dataclass(frozen=True)
class BusinessIdentity:
    """The credit code, name and legal representative the registries are asked about."""

    uscc: str
    name: str
    #: the legal representative printed on the licence, or the ID card's holder when unread
    legal_representative: str
    #: the credit code was read from the licence (False: the form's, asked about, never judged)
    uscc_read: bool = True
    #: the name was read from the licence
    name_read: bool = True
    #: the legal representative was read from the licence or the ID card
    legal_representative_read: bool = True

    @classmethod
    def from_licence(
        cls, licence: dict[str, str], form: Business, holder: str, holder_read: bool = True
    ) -> BusinessIdentity:
        """Licence values win; the form and the ID card fill what the licence did not give.

        :param holder_read: ``holder`` was read from the ID card, not taken from the form.
        """
        printed_representative = licence.get("legal_representative")
        return cls(
            uscc=(licence.get("uscc") or form.uscc).upper(),
            name=licence.get("name") or form.name,
            legal_representative=printed_representative or holder,
            uscc_read=bool(licence.get("uscc")),
            name_read=bool(licence.get("name")),
            legal_representative_read=bool(printed_representative) or holder_read,
        )
