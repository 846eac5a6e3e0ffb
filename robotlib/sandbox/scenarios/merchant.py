"""Merchant scenarios: what is wrong with each synthetic merchant application, and the answer.

The merchant bot's codes are a plugin's (``bots.merchant_account``), which the sandbox does not
import: they are written here as the strings the bot reports, with the decision each scenario
must get, so the world states the answers independently of the bot it checks.
"""

from __future__ import annotations

import random
from enum import StrEnum

from robotlib.model.reasons import Decision, ReasonCode

R = ReasonCode
REVIEW, REJECT = Decision.REVIEW, Decision.REJECT
#: share of merchant applications that carry a fault
SPECIAL_SHARE = 0.40


class MerchantScenario(StrEnum):
    """The one thing that is (or is not) wrong with a merchant application."""

    #: consistent everywhere
    CLEAN = "merchant_clean"
    #: the business's licence was revoked
    REVOKED = "merchant_revoked"
    #: the business was deregistered
    CANCELLED = "merchant_cancelled"
    #: the business is on the list of abnormal operations
    ABNORMAL = "merchant_abnormal"
    #: the credit code typed on the form has one character wrong (an impossible code)
    USCC_TYPO = "merchant_uscc_typo"
    #: the company name typed on the form differs from the licence
    FORM_COMPANY_NAME = "merchant_form_company_name"
    #: the licence (and the registry) name another legal representative than the ID card
    LEGAL_REP_OTHER = "merchant_legal_rep_other"
    #: the registry names another legal representative than the licence
    REGISTRY_OTHER_REP = "merchant_registry_other_rep"
    #: the registry does not know the credit code
    NOT_REGISTERED = "merchant_not_registered"
    #: the business's name is on a black list (name-only company entry)
    COMPANY_BLACK_NAME = "merchant_company_black_name"
    #: the business's credit code is on a black list
    COMPANY_BLACK_CODE = "merchant_company_black_code"
    #: the business is on a grey list
    COMPANY_GREY = "merchant_company_grey"
    #: the legal representative's identity number is on a black list
    PERSON_BLACK = "merchant_person_black"
    #: the legal representative's ID card expired
    PERSON_EXPIRED = "merchant_person_expired"
    #: a sticker hides the credit code and the name on the licence photo
    LICENCE_COVERED = "merchant_licence_covered"
    #: no licence was submitted
    LICENCE_MISSING = "merchant_licence_missing"

    @property
    def expected(self) -> tuple[str, ...]:
        """The reason codes the bot must find, sorted."""
        return tuple(sorted(_EXPECTED.get(self, ((), Decision.APPROVE))[0]))

    @property
    def decision(self) -> Decision:
        """The decision the bot must reach."""
        return _EXPECTED.get(self, ((), Decision.APPROVE))[1]


S = MerchantScenario
# in the order they are handed out: a small world (20 merchants: 8 faults) still has an
# unreadable licence, company and person list hits, and the registry faults
_EXPECTED: dict[MerchantScenario, tuple[tuple[str, ...], Decision]] = {
    S.LICENCE_COVERED: ((R.OCR_UNREADABLE,), REVIEW),
    S.COMPANY_BLACK_NAME: (("COMPANY_BLACKLIST_HIT",), REJECT),
    S.PERSON_BLACK: ((R.BLACKLIST_HIT,), REJECT),
    S.REVOKED: (("ENTERPRISE_STATUS_INVALID",), REJECT),
    S.LEGAL_REP_OTHER: (("LEGAL_REP_MISMATCH",), REVIEW),
    S.USCC_TYPO: (("USCC_INVALID", R.FORM_MISMATCH), REVIEW),
    S.NOT_REGISTERED: (("ENTERPRISE_NOT_FOUND",), REJECT),
    S.REGISTRY_OTHER_REP: (("ENTERPRISE_MISMATCH",), REJECT),
    S.ABNORMAL: (("ENTERPRISE_ABNORMAL",), REVIEW),
    S.COMPANY_GREY: (("COMPANY_GREYLIST_HIT",), REVIEW),
    S.FORM_COMPANY_NAME: ((R.FORM_MISMATCH,), REVIEW),
    S.LICENCE_MISSING: ((R.DOC_MISSING,), REVIEW),
    S.COMPANY_BLACK_CODE: (("COMPANY_BLACKLIST_HIT",), REJECT),
    S.CANCELLED: (("ENTERPRISE_STATUS_INVALID",), REJECT),
    S.PERSON_EXPIRED: ((R.ID_EXPIRED,), REJECT),
}
SPECIAL_ORDER: tuple[MerchantScenario, ...] = tuple(_EXPECTED)


def merchant_mix(merchants: int, rng: random.Random) -> list[MerchantScenario]:
    """One scenario per merchant, shuffled: ~40 % faults (every kind once before any
    repeats), the rest clean."""
    specials = round(merchants * SPECIAL_SHARE)
    plan = [SPECIAL_ORDER[i % len(SPECIAL_ORDER)] for i in range(specials)]
    plan += [MerchantScenario.CLEAN] * (merchants - len(plan))
    rng.shuffle(plan)
    return plan
