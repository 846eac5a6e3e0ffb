"""How well two names agree, as a rule and a score; and what birth date and sex add.

Scores are on 0..1; a hit needs the final score to reach the configured threshold
(``ScreeningSettings.threshold``, 0.85 unless configured). The rules, best first:

============== ===== ==========================================================================
rule           score when
============== ===== ==========================================================================
id_number      1.00  the identity number is on the list
name_exact     1.00  the same characters (spaces and middle dots aside)
name_variant   0.98  the same characters once traditional ones are simplified
name_pinyin    0.95  one side is a pinyin transliteration and a reading agrees
name_ocr       0.93  the same characters once OCR look-alikes are folded (王/玉, 己/已, …)
name_fuzzy     ≤0.95 one side is pinyin and the spellings differ by a typo (rapidfuzz ratio)
name_homophone 0.80  two Han names that only sound alike (章伟 / 张伟): another person
============== ===== ==========================================================================

Businesses (entries with ``entity = company``) are screened by their own rules: ``uscc``
(1.00, the credit code is on the list), ``company_name`` (1.00, the same registered name once
width, spacing and traditional characters are ignored) and ``company_name_ocr`` (0.93, the
same once OCR look-alikes are folded). Registered names are unique, so no birth date or sex is
needed as evidence, and a name that merely sounds alike is another business.

Evidence: a birth date on both sides must agree (a common name with another birth date is
another person, never a hit); a missing one multiplies the score by ``NO_BIRTH_DATE_FACTOR``
(0.8: below the default threshold); a sex on both sides must agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import Indel

from robotlib.screening.forms import NameForms


class Rule(StrEnum):
    """How a list entry's name matched the person's."""

    #: the identity number is on the list
    ID_NUMBER = "id_number"
    #: the same characters
    NAME_EXACT = "name_exact"
    #: the same characters after traditional -> simplified
    NAME_VARIANT = "name_variant"
    #: a pinyin transliteration that agrees with a reading of the Han name
    NAME_PINYIN = "name_pinyin"
    #: the same characters after folding OCR look-alikes
    NAME_OCR = "name_ocr"
    #: pinyin spellings a typo apart
    NAME_FUZZY = "name_fuzzy"
    #: Han names that only sound alike
    NAME_HOMOPHONE = "name_homophone"
    #: a business's credit code is on the list
    USCC = "uscc"
    #: the same registered business name
    COMPANY_NAME = "company_name"
    #: the same business name after folding OCR look-alikes
    COMPANY_NAME_OCR = "company_name_ocr"


RULE_SCORES: dict[Rule, float] = {
    Rule.ID_NUMBER: 1.0,
    Rule.NAME_EXACT: 1.0,
    Rule.NAME_VARIANT: 0.98,
    Rule.NAME_PINYIN: 0.95,
    Rule.NAME_OCR: 0.93,
    Rule.NAME_FUZZY: 0.95,
    Rule.NAME_HOMOPHONE: 0.80,
    Rule.USCC: 1.0,
    Rule.COMPANY_NAME: 1.0,
    Rule.COMPANY_NAME_OCR: 0.93,
}
#: name-only entries are matched by name and birth date (DESIGN.md): without a birth date on
#: one side even an exact name stays below the default threshold; a bank that wants such
#: matches reviewed lowers ``threshold`` to 0.8
NO_BIRTH_DATE_FACTOR = 0.8
#: below this normalised similarity two pinyin spellings are not a typo apart
FUZZY_FLOOR = 0.85


@dataclass(frozen=True, slots=True)
class NameMatch:
    """The rule under which two names agree, and how closely."""

    rule: Rule
    score: float


def match_names(person: NameForms, entry: NameForms) -> NameMatch | None:
    """The best rule under which the two names agree, or None."""
    if person.han and entry.han:
        if person.written == entry.written:
            return NameMatch(Rule.NAME_EXACT, RULE_SCORES[Rule.NAME_EXACT])
        if person.simplified == entry.simplified:
            return NameMatch(Rule.NAME_VARIANT, RULE_SCORES[Rule.NAME_VARIANT])
        if person.folded == entry.folded:
            return NameMatch(Rule.NAME_OCR, RULE_SCORES[Rule.NAME_OCR])
        if person.pinyin & entry.pinyin:
            return NameMatch(Rule.NAME_HOMOPHONE, RULE_SCORES[Rule.NAME_HOMOPHONE])
        return None
    if person.pinyin & entry.pinyin:
        rule = Rule.NAME_EXACT if person.simplified == entry.simplified else Rule.NAME_PINYIN
        return NameMatch(rule, RULE_SCORES[rule])
    similarity = max(
        (Indel.normalized_similarity(a, b) for a in person.pinyin for b in entry.pinyin),
        default=0.0,
    )
    if similarity < FUZZY_FLOOR:
        return None
    return NameMatch(Rule.NAME_FUZZY, round(RULE_SCORES[Rule.NAME_FUZZY] * similarity, 4))


def birth_date_factor(person: dt.date | None, entry: dt.date | None) -> float:
    """1 when the dates agree, 0 when they differ, ``NO_BIRTH_DATE_FACTOR`` when one is
    unknown."""
    if person is None or entry is None:
        return NO_BIRTH_DATE_FACTOR
    return 1.0 if person == entry else 0.0
