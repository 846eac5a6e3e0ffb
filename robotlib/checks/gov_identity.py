"""The person against the government identity registry."""

from __future__ import annotations

from functools import partial

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.identity import Identity
from robotlib.checks.name_match import same_name
from robotlib.checks.registry_finding import registry_finding
from robotlib.model import ReasonCode
from robotlib.sources.base import GovIdentitySource
from robotlib.sources.records import IdentityStatus

R = ReasonCode


def check_gov_identity(person: Identity, ctx: BotContext, out: BotOutcome) -> None:
    """GOV_NOT_FOUND, GOV_STATUS_INVALID and GOV_MISMATCH, judged only on what the document
    says: a value the document could not give is the form's, and a form typo is no reject.

    Asked with the form's number (the card's unread), the registry's answer is about whatever
    the applicant typed, so it becomes a note on OCR_UNREADABLE (review), never a reject. A
    name the card did not give is not compared at all.
    """
    source = ctx.source("gov_identity", GovIdentitySource)
    record = source.lookup(person.id_number)
    finding = partial(registry_finding, out, key_read=person.number_read, key="ID number")
    if record is None:
        finding(R.GOV_NOT_FOUND, "the ID number is not in the registry")
        return
    if record.status is not IdentityStatus.NORMAL:
        finding(R.GOV_STATUS_INVALID, f"the registry says the identity is {record.status}")
    if person.name_read and not same_name(record.name, person.name):
        finding(R.GOV_MISMATCH, "the registry's name differs from the card's")
    if person.birth_date is not None and record.birth_date != person.birth_date:
        finding(R.GOV_MISMATCH, "the registry's birth date differs from the card's")
