"""The merchant bot's own reason codes, their default decisions and risk weights.

Declared in ``Bot.reason_levels`` and given to the decision policy by the plugin host, as any
plugin's codes are; ``[policy.levels]`` in veribot.toml overrides them like the built-in ones.
"""

from __future__ import annotations

from enum import StrEnum

from robotlib.model import Decision


class MerchantReason(StrEnum):
    """What the merchant bot finds about the business (the person's codes are built in)."""

    #: the credit code typed on the form is not a valid code (format, checksum or region)
    USCC_INVALID = "USCC_INVALID"
    #: no business with the licence's credit code is registered
    ENTERPRISE_NOT_FOUND = "ENTERPRISE_NOT_FOUND"
    #: the business's licence was revoked or the business was deregistered
    ENTERPRISE_STATUS_INVALID = "ENTERPRISE_STATUS_INVALID"
    #: the business is on the list of abnormal operations
    ENTERPRISE_ABNORMAL = "ENTERPRISE_ABNORMAL"
    #: the registry's name or legal representative differs from the licence
    ENTERPRISE_MISMATCH = "ENTERPRISE_MISMATCH"
    #: the legal representative on the licence is not the person on the ID card
    LEGAL_REP_MISMATCH = "LEGAL_REP_MISMATCH"
    #: the business (credit code or registered name) is on a black list
    COMPANY_BLACKLIST_HIT = "COMPANY_BLACKLIST_HIT"
    #: the business is on a grey list
    COMPANY_GREYLIST_HIT = "COMPANY_GREYLIST_HIT"


M = MerchantReason
LEVELS: dict[str, Decision] = {
    # a typo on the form; the licence is what counts, a person confirms
    M.USCC_INVALID: Decision.REVIEW,
    M.ENTERPRISE_NOT_FOUND: Decision.REJECT,
    M.ENTERPRISE_STATUS_INVALID: Decision.REJECT,
    M.ENTERPRISE_ABNORMAL: Decision.REVIEW,
    # the registry is authoritative: a licence that disagrees is forged or no longer valid
    M.ENTERPRISE_MISMATCH: Decision.REJECT,
    # the applicant may be an authorised agent: a person checks the power of attorney
    M.LEGAL_REP_MISMATCH: Decision.REVIEW,
    M.COMPANY_BLACKLIST_HIT: Decision.REJECT,
    M.COMPANY_GREYLIST_HIT: Decision.REVIEW,
}
WEIGHTS: dict[str, float] = {
    M.COMPANY_BLACKLIST_HIT: 0.95,
    M.ENTERPRISE_STATUS_INVALID: 0.9,
    M.ENTERPRISE_NOT_FOUND: 0.85,
    M.ENTERPRISE_MISMATCH: 0.8,
    M.LEGAL_REP_MISMATCH: 0.5,
    M.ENTERPRISE_ABNORMAL: 0.4,
    M.COMPANY_GREYLIST_HIT: 0.4,
    M.USCC_INVALID: 0.3,
}
