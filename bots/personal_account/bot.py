"""The ``personal_account`` bot: a resident opening a personal account with an ID card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar

from typing_extensions import override

from bots.personal_account.registry_checks import check_registries
from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.checks.form_match import check_form
from robotlib.checks.id_card import check_card, number_birth_date
from robotlib.checks.id_card_reading import read_id_card
from robotlib.checks.identity import Identity
from robotlib.checks.risk_score import risk_score
from robotlib.model import Applicant, Application, IdentityFields

SOURCES = ("gov_identity", "social_security", "blacklist", "telecom")


class PersonalAccountBot(Bot):
    """OCR both sides of the card, validate it, compare it with the form and the registries."""

    name = "personal_account"
    scopes: ClassVar[frozenset[str]] = frozenset({"ocr", *(f"source:{s}" for s in SOURCES)})
    required_sources = SOURCES
    datasets: ClassVar[Mapping[str, str]] = {source: source for source in SOURCES}

    @override
    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        out = BotOutcome()
        card = read_id_card(application.documents, application.applicant, ctx, out)
        check_fields(card, application.applicant, ctx, out, dt.date.today())
        return out


def check_fields(
    card: dict[str, str], applicant: Applicant, ctx: BotContext, out: BotOutcome, today: dt.date
) -> None:
    """Every check after reading: the card itself, the form, the registries; then the score.

    :param card: the fields read with confidence (unread fields absent).
    """
    check_card(card, out, today)
    check_form(card, applicant, out)
    person = Identity.from_card(card, applicant, number_birth_date(card.get("id_number")))
    check_registries(person, applicant.phone, ctx, out)
    out.fields = IdentityFields(**card)
    out.risk_score = risk_score(out.reasons)
