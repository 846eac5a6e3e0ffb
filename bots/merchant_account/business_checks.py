"""Checks of the licence against the form and against the legal representative's ID card."""

from __future__ import annotations

from bots.merchant_account.reasons import MerchantReason
from robotlib.bot import BotOutcome
from robotlib.checks.name_match import same_name
from robotlib.model import Business, ReasonCode
from robotlib.validation.uscc import check_uscc

M = MerchantReason


def check_business_form(licence: dict[str, str], form: Business, out: BotOutcome) -> None:
    """USCC_INVALID for a typed code that cannot exist; FORM_MISMATCH when the typed code or
    name differs from the licence."""
    if not check_uscc(form.uscc).valid:
        out.add(M.USCC_INVALID)
    uscc = licence.get("uscc")
    name = licence.get("name")
    if (uscc is not None and uscc.upper() != form.uscc) or (
        name is not None and not same_name(name, form.name)
    ):
        out.add(ReasonCode.FORM_MISMATCH)


def check_legal_representative(
    licence: dict[str, str], holder: str | None, out: BotOutcome
) -> None:
    """LEGAL_REP_MISMATCH when the licence names someone other than the ID card's holder."""
    printed = licence.get("legal_representative")
    if printed is not None and holder is not None and not same_name(printed, holder):
        out.add(M.LEGAL_REP_MISMATCH)
