"""The ID card against what the applicant typed into the form."""

from __future__ import annotations

from robotlib.bot import BotOutcome
from robotlib.checks.name_match import same_name
from robotlib.model import Applicant, ReasonCode

R = ReasonCode


def check_form(card: dict[str, str], applicant: Applicant, out: BotOutcome) -> None:
    """FORM_MISMATCH when the typed name or number differs from what the card says."""
    name = card.get("name")
    number = card.get("id_number")
    if name is not None and not same_name(name, applicant.name):
        out.add(R.FORM_MISMATCH, "the form's name differs from the card's")
    if number is not None and number.upper() != applicant.id_number.upper():
        out.add(R.FORM_MISMATCH, "the form's ID number differs from the card's")
