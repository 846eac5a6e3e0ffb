"""Scenarios: what is wrong with each synthetic application, and which reasons that must give.

Every application gets exactly one scenario. A scenario arranges the card, the form, the photos
and the registry rows so that only its intended condition holds; ``Scenario.expected`` lists
the reason codes the bot must find, no more and no fewer. ``ScenarioBuilder``
(``robotlib.sandbox.scenarios.personal_builder``) makes them.
"""

from __future__ import annotations

import random
from enum import StrEnum

from robotlib.model.reasons import ReasonCode

R = ReasonCode

#: share of applications that carry a fault
SPECIAL_SHARE = 0.30
#: share of applications that are clean but share a name with a name-only list entry
DECOY_SHARE = 0.06


class Scenario(StrEnum):
    """The one thing that is (or is not) wrong with an application."""

    #: consistent everywhere
    CLEAN = "clean"
    #: clean, but the name of a name-only list entry with another birth date
    DECOY = "decoy"
    #: the back of the card was not submitted
    DOC_MISSING = "doc_missing"
    #: the back photo is a JPEG cut short
    DOC_TRUNCATED = "doc_truncated"
    #: the back "photo" is random bytes named .jpg
    DOC_NOISE = "doc_noise"
    #: a sticker and a thumb hide the name and the number
    OCR_COVERED = "ocr_covered"
    #: card and form carry a number with a wrong check character
    NUMBER_FORGED = "number_forged"
    #: the card expired
    EXPIRED = "expired"
    #: the printed sex contradicts the number
    SEX_CONTRADICTS = "sex_contradicts"
    #: a long-term card for someone who was 26-45 at issue
    LONG_TERM_TOO_YOUNG = "long_term_too_young"
    #: the form name has one character wrong
    FORM_NAME = "form_name"
    #: the form number differs from the card's
    FORM_NUMBER = "form_number"
    #: the government registry does not know the number
    GOV_NOT_FOUND = "gov_not_found"
    #: the government registry knows the number under another name
    GOV_OTHER_NAME = "gov_other_name"
    #: the identity was cancelled
    GOV_CANCELLED = "gov_cancelled"
    #: the holder is registered as deceased
    GOV_DECEASED = "gov_deceased"
    #: the social-security record under the number has another name
    SOCIAL_OTHER_NAME = "social_other_name"
    #: the number is on a black list
    BLACK_NUMBER = "black_number"
    #: name (in Han characters) and birth date match a name-only black-list entry
    BLACK_NAME_HAN = "black_name_han"
    #: name (in pinyin) and birth date match a name-only black-list entry
    BLACK_NAME_PINYIN = "black_name_pinyin"
    #: the number is on a grey list
    GREY_NUMBER = "grey_number"
    #: name and birth date match a name-only grey-list entry
    GREY_NAME = "grey_name"
    #: the phone is registered to someone else
    PHONE_OTHER_OWNER = "phone_other_owner"

    @property
    def expected(self) -> tuple[str, ...]:
        """The reason codes the bot must find, sorted."""
        return tuple(sorted(str(code) for code in _EXPECTED.get(self, ())))


S = Scenario
_EXPECTED: dict[Scenario, tuple[ReasonCode, ...]] = {
    S.DOC_MISSING: (R.DOC_MISSING,),
    S.DOC_TRUNCATED: (R.DOC_INVALID,),
    S.DOC_NOISE: (R.DOC_INVALID,),
    S.OCR_COVERED: (R.OCR_UNREADABLE,),
    S.NUMBER_FORGED: (R.GOV_NOT_FOUND, R.ID_NUMBER_INVALID),
    S.EXPIRED: (R.ID_EXPIRED,),
    S.SEX_CONTRADICTS: (R.ID_INCONSISTENT,),
    S.LONG_TERM_TOO_YOUNG: (R.ID_INCONSISTENT,),
    S.FORM_NAME: (R.FORM_MISMATCH,),
    S.FORM_NUMBER: (R.FORM_MISMATCH,),
    S.GOV_NOT_FOUND: (R.GOV_NOT_FOUND,),
    S.GOV_OTHER_NAME: (R.GOV_MISMATCH,),
    S.GOV_CANCELLED: (R.GOV_STATUS_INVALID,),
    S.GOV_DECEASED: (R.GOV_STATUS_INVALID,),
    S.SOCIAL_OTHER_NAME: (R.SOCIAL_MISMATCH,),
    S.BLACK_NUMBER: (R.BLACKLIST_HIT,),
    S.BLACK_NAME_HAN: (R.BLACKLIST_NAME_MATCH,),
    S.BLACK_NAME_PINYIN: (R.BLACKLIST_NAME_MATCH,),
    S.GREY_NUMBER: (R.GREYLIST_HIT,),
    S.GREY_NAME: (R.GREYLIST_HIT,),
    S.PHONE_OTHER_OWNER: (R.PHONE_NOT_REAL_NAME,),
}
#: the faulty scenarios in the order they are handed out: with 0.3 x N >= 21 each appears
SPECIAL_ORDER: tuple[Scenario, ...] = tuple(_EXPECTED)


def scenario_mix(people: int, rng: random.Random) -> list[Scenario]:
    """One scenario per application, shuffled: ~30 % faults (every kind once before any
    repeats), ~6 % decoys, the rest clean."""
    specials = round(people * SPECIAL_SHARE)
    decoys = min(people - specials, max(1, round(people * DECOY_SHARE)))
    plan = [SPECIAL_ORDER[i % len(SPECIAL_ORDER)] for i in range(specials)]
    plan += [Scenario.DECOY] * decoys
    plan += [Scenario.CLEAN] * (people - len(plan))
    rng.shuffle(plan)
    return plan
