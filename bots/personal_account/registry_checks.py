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
    source = cast(GovIdentitySource, ctx.source("gov_identity"))
    record = source.lookup(person.id_number)
    if record is None:
        out.add(R.GOV_NOT_FOUND)
        return
    if record.status is not IdentityStatus.NORMAL:
        out.add(R.GOV_STATUS_INVALID)
    if not same_name(record.name, person.name) or (
        person.birth_date is not None and record.birth_date != person.birth_date
    ):
        out.add(R.GOV_MISMATCH)


def check_social_security(person: Identity, ctx: BotContext, out: BotOutcome) -> None:
    source = cast(SocialSecuritySource, ctx.source("social_security"))
    record = source.lookup(person.id_number)
    if record is None:
        # no record is a fact, not a fault: offer the card instead of doubting the person
        out.recommend("social_security_card")
        return
    if not same_name(record.name, person.name):
        out.add(R.SOCIAL_MISMATCH)


def check_lists(person: Identity, ctx: BotContext, out: BotOutcome) -> None:
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
    if not phone:
        return
    source = cast(TelecomSource, ctx.source("telecom"))
    record = source.owner(phone)
    if record is None:
        out.recommend("phone_real_name_check")
        return
    if record.id_number.upper() != person.id_number or not same_name(record.name, person.name):
        out.add(R.PHONE_NOT_REAL_NAME)


def check_registries(person: Identity, phone: str | None, ctx: BotContext, out: BotOutcome) -> None:
    check_gov_identity(person, ctx, out)
    check_social_security(person, ctx, out)
    check_lists(person, ctx, out)
    check_phone(person, phone, ctx, out)
