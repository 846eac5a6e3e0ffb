"""Cross-checks of the business against the enterprise registry and the black / grey lists."""

from __future__ import annotations

from typing import cast

from bots.merchant_account.business import BusinessIdentity
from bots.merchant_account.reasons import MerchantReason
from bots.personal_account.identity import same_name
from robotlib.bot import BotContext, BotOutcome
from robotlib.sources.base import EnterpriseRegistrySource, ScreeningSource
from robotlib.sources.records import EnterpriseStatus, ListLevel

M = MerchantReason
_INVALID = (EnterpriseStatus.REVOKED, EnterpriseStatus.CANCELLED)


def check_enterprise_registry(business: BusinessIdentity, ctx: BotContext, out: BotOutcome) -> None:
    """ENTERPRISE_NOT_FOUND, ENTERPRISE_STATUS_INVALID (revoked, cancelled),
    ENTERPRISE_ABNORMAL and ENTERPRISE_MISMATCH (name or legal representative)."""
    source = cast(EnterpriseRegistrySource, ctx.source("enterprise_registry"))
    record = source.lookup(business.uscc)
    if record is None:
        out.add(M.ENTERPRISE_NOT_FOUND)
        return
    if record.status in _INVALID:
        out.add(M.ENTERPRISE_STATUS_INVALID)
    elif record.status is EnterpriseStatus.ABNORMAL:
        out.add(M.ENTERPRISE_ABNORMAL)
    if not same_name(record.name, business.name) or not same_name(
        record.legal_representative, business.legal_representative
    ):
        out.add(M.ENTERPRISE_MISMATCH)


def check_company_lists(business: BusinessIdentity, ctx: BotContext, out: BotOutcome) -> None:
    """COMPANY_BLACKLIST_HIT / COMPANY_GREYLIST_HIT by credit code or registered name."""
    source = cast(ScreeningSource, ctx.source("blacklist"))
    for hit in source.screen_company(business.uscc, business.name):
        ctx.log.info("company list hit: {why}", why=hit.explain())
        out.add(
            M.COMPANY_BLACKLIST_HIT
            if hit.entry.level is ListLevel.BLACK
            else M.COMPANY_GREYLIST_HIT
        )
