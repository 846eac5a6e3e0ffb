"""Cross-checks of the business against the enterprise registry and the black / grey lists."""

from __future__ import annotations

from functools import partial

from bots.merchant_account.business import BusinessIdentity
from bots.merchant_account.reasons import MerchantReason
from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.name_match import same_name
from robotlib.checks.registry_finding import registry_finding
from robotlib.sources.base import EnterpriseRegistrySource, ScreeningSource
from robotlib.sources.records import EnterpriseStatus, ListLevel

M = MerchantReason
_INVALID = (EnterpriseStatus.REVOKED, EnterpriseStatus.CANCELLED)


def check_enterprise_registry(business: BusinessIdentity, ctx: BotContext, out: BotOutcome) -> None:
    """ENTERPRISE_NOT_FOUND, ENTERPRISE_STATUS_INVALID (revoked, cancelled),
    ENTERPRISE_ABNORMAL and ENTERPRISE_MISMATCH (name or legal representative).

    Judged only on what the documents say: asked with the form's credit code (the licence's
    unread), a finding is a note on OCR_UNREADABLE (review), since it may be a typo on the
    form; a name no document gave is not compared.
    """
    source = ctx.source("enterprise_registry", EnterpriseRegistrySource)
    record = source.lookup(business.uscc)
    finding = partial(registry_finding, out, key_read=business.uscc_read, key="credit code")
    if record is None:
        finding(M.ENTERPRISE_NOT_FOUND, "the credit code is not registered")
        return
    if record.status in _INVALID:
        finding(M.ENTERPRISE_STATUS_INVALID, f"the registry says the business is {record.status}")
    elif record.status is EnterpriseStatus.ABNORMAL:
        out.add(M.ENTERPRISE_ABNORMAL)
    if business.name_read and not same_name(record.name, business.name):
        finding(M.ENTERPRISE_MISMATCH, "the registry's name differs from the licence's")
    if business.legal_representative_read and not same_name(
        record.legal_representative, business.legal_representative
    ):
        finding(M.ENTERPRISE_MISMATCH, "the registry's legal representative differs")


def check_company_lists(business: BusinessIdentity, ctx: BotContext, out: BotOutcome) -> None:
    """COMPANY_BLACKLIST_HIT / COMPANY_GREYLIST_HIT by credit code or registered name."""
    source = ctx.source("blacklist", ScreeningSource)
    for hit in source.screen_company(business.uscc, business.name):
        ctx.log.info("company list hit: {why}", why=hit.explain())
        out.add(
            M.COMPANY_BLACKLIST_HIT
            if hit.entry.level is ListLevel.BLACK
            else M.COMPANY_GREYLIST_HIT
        )
