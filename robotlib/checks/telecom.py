"""The applicant's phone against the telecom real-name registration."""

from __future__ import annotations

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.identity import Identity
from robotlib.checks.name_match import same_name
from robotlib.model import ReasonCode
from robotlib.sources.base import TelecomSource

R = ReasonCode


def check_phone(person: Identity, phone: str | None, ctx: BotContext, out: BotOutcome) -> None:
    """PHONE_NOT_REAL_NAME when the phone's registered owner is not the card's holder: the
    number and the name each compared where the card gave them."""
    if not phone:
        return
    source = ctx.source("telecom", TelecomSource)
    record = source.owner(phone)
    if record is None:
        out.recommend("phone_real_name_check")
        return
    if person.number_read and record.id_number.upper() != person.id_number:
        out.add(R.PHONE_NOT_REAL_NAME, "the phone is registered to another ID number")
    if person.name_read and not same_name(record.name, person.name):
        out.add(R.PHONE_NOT_REAL_NAME, "the phone is registered to another name")
