"""The person against the social-security registry."""

from __future__ import annotations

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.identity import Identity
from robotlib.checks.name_match import same_name
from robotlib.checks.registry_finding import registry_finding
from robotlib.model import ReasonCode
from robotlib.sources.base import SocialSecuritySource


def check_social_security(person: Identity, ctx: BotContext, out: BotOutcome) -> None:
    """SOCIAL_MISMATCH when the record under the number has another name than the card's (a
    name the card did not give is not compared); no record is a recommendation."""
    source = ctx.source("social_security", SocialSecuritySource)
    record = source.lookup(person.id_number)
    if record is None:
        # no record is a fact, not a fault: offer the card instead of doubting the person
        out.recommend("social_security_card")
        return
    if person.name_read and not same_name(record.name, person.name):
        registry_finding(
            out,
            ReasonCode.SOCIAL_MISMATCH,
            "the social-security name differs from the card's",
            key_read=person.number_read,
            key="ID number",
        )
