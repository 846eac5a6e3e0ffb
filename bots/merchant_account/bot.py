"""The ``merchant_account`` bot: a small business's legal representative opening a merchant
account with the business licence and their ID card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import ClassVar

from typing_extensions import override

from bots.merchant_account.business import BusinessIdentity
from bots.merchant_account.business_checks import check_business_form, check_legal_representative
from bots.merchant_account.enterprise_checks import check_company_lists, check_enterprise_registry
from bots.merchant_account.licence_reading import read_licence
from bots.merchant_account.reasons import LEVELS, WEIGHTS
from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.checks.form_match import check_form
from robotlib.checks.gov_identity import check_gov_identity
from robotlib.checks.id_card import check_card, number_birth_date
from robotlib.checks.id_card_reading import read_id_card
from robotlib.checks.identity import Identity
from robotlib.checks.risk_score import BUILT_IN_WEIGHTS, risk_score
from robotlib.checks.screening import check_lists
from robotlib.errors import InputError
from robotlib.model import Applicant, Application, Business, IdentityFields

SOURCES = ("gov_identity", "blacklist", "enterprise_registry")


class MerchantAccountBot(Bot):
    """Read the licence and the legal representative's ID card; check both against each
    other, the form, the enterprise and identity registries and the lists."""

    name = "merchant_account"
    scopes: ClassVar[frozenset[str]] = frozenset({"ocr", *(f"source:{s}" for s in SOURCES)})
    required_sources = SOURCES
    datasets: ClassVar[Mapping[str, str]] = {source: source for source in SOURCES}
    reason_levels = LEVELS
    requires_business = True

    @override
    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        if application.business is None:
            # intake refuses such records; a stored task from elsewhere gets a clear error
            raise InputError(f"application {application.ref}: business is required")
        out = BotOutcome()
        licence = read_licence(application.documents.licence, application.business, ctx, out)
        card = read_id_card(application.documents, application.applicant, ctx, out)
        check_merchant(licence, card, application.applicant, application.business, ctx, out)
        return out


def check_merchant(
    licence: dict[str, str],
    card: dict[str, str],
    applicant: Applicant,
    form: Business,
    ctx: BotContext,
    out: BotOutcome,
    today: dt.date | None = None,
) -> None:
    """Every check after reading: the ID card and the person (as for a personal account),
    the licence against the form and the card, the registries and lists; then the score.

    :param licence: the licence fields read with confidence (unread fields absent).
    :param card: the ID card fields read with confidence.
    """
    check_card(card, out, today or dt.date.today())
    check_form(card, applicant, out)
    person = Identity.from_card(card, applicant, number_birth_date(card.get("id_number")))
    check_business_form(licence, form, out)
    check_legal_representative(licence, card.get("name"), out)
    business = BusinessIdentity.from_licence(licence, form, person.name, person.name_read)
    check_enterprise_registry(business, ctx, out)
    check_gov_identity(person, ctx, out)
    check_lists(person, ctx, out)
    check_company_lists(business, ctx, out)
    out.fields = IdentityFields(**card)
    out.risk_score = risk_score(out.reasons, {**BUILT_IN_WEIGHTS, **WEIGHTS})
