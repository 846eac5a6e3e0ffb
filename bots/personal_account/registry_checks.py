"""Cross-checks against the government identity, social-security, list and telecom sources."""

from __future__ import annotations

from typing import cast

from bots.personal_account.identity import Identity, same_name
from robotlib.bot import BotContext, BotOutcome
from robotlib.model import ReasonCode
from robotlib.sources.base import (
    GovIdentitySource,
    ScreeningSource,
    SocialSecuritySource,
    TelecomSource,
)
from robotlib.sources.records import IdentityStatus, ListLevel

R = ReasonCode


def check_gov_identity(person: Identity, ctx: BotContext, out: BotOutcome) -> None:
    """GOV_NOT_FOUND, GOV_STATUS_INVALID and GOV_MISMATCH, judged only on what the document
    says: a value the document could not give is the form's, and a form typo is no reject.

    Asked with the form's number (the card's unread), the registry's answer is about whatever
    the applicant typed, so it becomes a note on OCR_UNREADABLE (review), never a reject. A
    name the card did not give is not compared at all.
    """
    source = cast(GovIdentitySource, ctx.source("gov_identity"))
    record = source.lookup(person.id_number)

    def finding(code: str, why: str) -> None:
        registry_finding(out, code, why, key_read=person.number_read, key="ID number")

    if record is None:
        finding(R.GOV_NOT_FOUND, "the ID number is not in the registry")
        return
    if record.status is not IdentityStatus.NORMAL:
        finding(R.GOV_STATUS_INVALID, f"the registry says the identity is {record.status}")
    if person.name_read and not same_name(record.name, person.name):
        finding(R.GOV_MISMATCH, "the registry's name differs from the card's")
    if person.birth_date is not None and record.birth_date != person.birth_date:
        finding(R.GOV_MISMATCH, "the registry's birth date differs from the card's")


def registry_finding(out: BotOutcome, code: str, why: str, *, key_read: bool, key: str) -> None:
    """``code`` with ``why`` when the registry was asked with the ``key`` the document gave
    (``key_read``); else a note on OCR_UNREADABLE, since the finding may be no more than a typo
    on the form: the registry only knows about the ``key`` the applicant typed."""
    if key_read:
        out.add(code, why)
    else:
        out.add(
            R.OCR_UNREADABLE, f"{why}, asked with the form's {key} as the document's was unread"
        )


def check_social_security(person: Identity, ctx: BotContext, out: BotOutcome) -> None:
    """SOCIAL_MISMATCH when the record under the number has another name than the card's (a
    name the card did not give is not compared); no record is a recommendation."""
    source = cast(SocialSecuritySource, ctx.source("social_security"))
    record = source.lookup(person.id_number)
    if record is None:
        # no record is a fact, not a fault: offer the card instead of doubting the person
        out.recommend("social_security_card")
        return
    if person.name_read and not same_name(record.name, person.name):
        registry_finding(
            out,
            R.SOCIAL_MISMATCH,
            "the social-security name differs from the card's",
            key_read=person.number_read,
            key="ID number",
        )


def check_lists(person: Identity, ctx: BotContext, out: BotOutcome) -> None:
    """Screen the person: a grey-list hit, a black-list hit by ID number and a black-list name
    match each add their reason."""
    source = cast(ScreeningSource, ctx.source("blacklist"))
    for hit in source.screen(person.id_number, person.name, person.birth_date):
        # the explanation names rule, score, list and evidence, never the person
        ctx.log.info("list hit: {why}", why=hit.explain())
        if hit.entry.level is ListLevel.GREY:
            out.add(R.GREYLIST_HIT)
        elif hit.rule == "id_number":
            out.add(R.BLACKLIST_HIT)
        else:
            out.add(R.BLACKLIST_NAME_MATCH)


def check_phone(person: Identity, phone: str | None, ctx: BotContext, out: BotOutcome) -> None:
    """PHONE_NOT_REAL_NAME when the phone's registered owner is not the card's holder: the
    number and the name each compared where the card gave them."""
    if not phone:
        return
    source = cast(TelecomSource, ctx.source("telecom"))
    record = source.owner(phone)
    if record is None:
        out.recommend("phone_real_name_check")
        return
    if person.number_read and record.id_number.upper() != person.id_number:
        out.add(R.PHONE_NOT_REAL_NAME, "the phone is registered to another ID number")
    if person.name_read and not same_name(record.name, person.name):
        out.add(R.PHONE_NOT_REAL_NAME, "the phone is registered to another name")


def check_registries(person: Identity, phone: str | None, ctx: BotContext, out: BotOutcome) -> None:
    """Ask every registry about the person (and the phone, when one was given)."""
    check_gov_identity(person, ctx, out)
    check_social_security(person, ctx, out)
    check_lists(person, ctx, out)
    check_phone(person, phone, ctx, out)
