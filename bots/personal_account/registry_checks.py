"""The personal account's registry checks: the person against every registry it asks."""

from __future__ import annotations

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.gov_identity import check_gov_identity
from robotlib.checks.identity import Identity
from robotlib.checks.screening import check_lists
from robotlib.checks.social_security import check_social_security
from robotlib.checks.telecom import check_phone


def check_registries(person: Identity, phone: str | None, ctx: BotContext, out: BotOutcome) -> None:
    """The government identity, social-security, list and telecom checks, in that order."""
    check_gov_identity(person, ctx, out)
    check_social_security(person, ctx, out)
    check_lists(person, ctx, out)
    check_phone(person, phone, ctx, out)
