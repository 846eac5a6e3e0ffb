"""Scenarios: what is wrong with each synthetic application, and which reasons that must give.

Every application gets exactly one scenario. A scenario arranges the card, the form, the photos
and the registry rows so that only its intended condition holds; ``Scenario.expected`` lists
the reason codes the bot must find, no more and no fewer.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace
from enum import StrEnum

from robotlib.model.reasons import ReasonCode
from robotlib.model.result import IdentityFields
from robotlib.sandbox.people import (
    FEMALE,
    MALE,
    Person,
    PersonFactory,
    age_on,
    pinyin_spelling,
    random_birth_date,
    validity_years,
)
from robotlib.sandbox.registries import Registries
from robotlib.sources.names import name_keys
from robotlib.sources.records import LONG_TERM, IdentityStatus, ListLevel

R = ReasonCode

#: share of applications that carry a fault
SPECIAL_SHARE = 0.30
#: share of applications that are clean but share a name with a name-only list entry
DECOY_SHARE = 0.06

_BLACK_LISTS = (
    ("fraud_accounts", "涉案账户开户人"),
    ("telecom_fraud", "涉嫌电信网络诈骗"),
    ("account_trading", "买卖、出租出借银行账户"),
)
_GREY_LISTS = (
    ("dishonest_debtors", "失信被执行人"),
    ("aml_watch", "可疑交易监测"),
    ("overdue", "多次逾期未还款"),
)


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


class Photo(StrEnum):
    """What the file of one card side holds."""

    #: a phone photo of the card side
    CARD = "card"
    #: a photo with the name and the number hidden
    COVERED = "covered"
    #: not submitted at all
    ABSENT = "absent"
    #: a JPEG cut short, as an interrupted upload leaves it
    TRUNCATED = "truncated"
    #: random bytes with a .jpg name
    NOISE = "noise"


@dataclass(frozen=True)
class Case:
    """One application's facts: the card as printed, the form as typed, the photos."""

    scenario: Scenario
    card: IdentityFields
    form_name: str
    form_number: str
    phone: str
    front: Photo = Photo.CARD
    back: Photo = Photo.CARD


@dataclass
class NameGuard:
    """Keeps name + birth date screening matches to the ones a scenario intends.

    Screening compares pinyin keys of names (``robotlib.sources.names``) and birth dates; two
    different Han names can share a key, so clashes are checked on keys, not characters.
    """

    entries: set[tuple[str, dt.date]] = field(default_factory=set)
    applicants: set[tuple[str, dt.date]] = field(default_factory=set)

    @staticmethod
    def _keys(name: str, birth: dt.date) -> set[tuple[str, dt.date]]:
        return {(key, birth) for key in name_keys(name)}

    def free_for_applicant(self, names: list[str], birth: dt.date) -> bool:
        """No list entry and no other applicant has one of ``names`` with this birth date."""
        keys = set().union(*(self._keys(n, birth) for n in names))
        return not keys & (self.entries | self.applicants)

    def free_for_entry(self, name: str, birth: dt.date) -> bool:
        """No applicant has this name with this birth date."""
        return not self._keys(name, birth) & self.applicants

    def add_applicant(self, names: list[str], birth: dt.date) -> None:
        for name in names:
            self.applicants |= self._keys(name, birth)

    def add_entry(self, name: str, birth: dt.date) -> None:
        self.entries |= self._keys(name, birth)


@dataclass
class ScenarioBuilder:
    """Builds cases and the registry rows behind them, and the bystanders around them."""

    factory: PersonFactory
    registries: Registries
    rng: random.Random
    guard: NameGuard = field(default_factory=NameGuard)

    def case(self, scenario: Scenario) -> Case:
        """A new applicant in ``scenario``, with their registry rows added."""
        return getattr(self, f"_{scenario.value}")(scenario)

    # ----------------------------------------------------------------- building blocks

    def _applicant(self, *, expired: bool = False) -> Person:
        while True:
            person = self.factory.person(expired=expired)
            if self.guard.free_for_applicant([person.name], person.birth_date):
                self.guard.add_applicant([person.name], person.birth_date)
                return person

    def _enrol(
        self,
        person: Person,
        *,
        gov: bool = True,
        social: bool | None = None,
        status: IdentityStatus = IdentityStatus.NORMAL,
        phone_owner: Person | None = None,
    ) -> None:
        """Registry rows that agree with ``person``; ``social=None`` means "as usual" (a
        quarter of residents have no social-security record)."""
        if gov:
            self.registries.add_gov(person, status=status)
        if social is None:
            social = self.rng.random() < 0.75
        if social:
            self.registries.add_social(person, self.rng)
        owner = phone_owner or person
        self.registries.add_phone(person.phone, owner.id_number, owner.name)

    def _consistent(self, scenario: Scenario, person: Person, **photos: Photo) -> Case:
        self._enrol(person)
        return _case(scenario, person, **photos)

    def _list_entry(
        self, person: Person, level: ListLevel, *, by_number: bool, spelling: str | None = None
    ) -> None:
        list_name, reason = self.rng.choice(
            _BLACK_LISTS if level is ListLevel.BLACK else _GREY_LISTS
        )
        self.registries.add_entry(
            list_name=list_name,
            level=level,
            name=spelling or person.name,
            reason=reason,
            id_number=person.id_number if by_number else None,
            birth_date=person.birth_date,
        )
        if not by_number:
            self.guard.add_entry(spelling or person.name, person.birth_date)

    def _spelled_applicant(self) -> tuple[Person, str]:
        """An applicant whose name lists can write in pinyin, and that spelling."""
        while True:
            person = self.factory.person()
            spelling = pinyin_spelling(person, upper_surname=self.rng.random() < 0.5)
            if spelling and self.guard.free_for_applicant([person.name], person.birth_date):
                self.guard.add_applicant([person.name], person.birth_date)
                return person, spelling

    # ----------------------------------------------------------------- scenarios

    def _clean(self, scenario: Scenario) -> Case:
        return self._consistent(scenario, self._applicant())

    def _decoy(self, scenario: Scenario) -> Case:
        """A clean applicant plus a name-only entry for a namesake born on another day."""
        if self.rng.random() < 0.5:
            person, spelling = self._spelled_applicant()
        else:
            person, spelling = self._applicant(), None
        level = self.rng.choice((ListLevel.BLACK, ListLevel.GREY))
        while True:
            other = random_birth_date(self.rng)
            if other != person.birth_date and self.guard.free_for_entry(
                spelling or person.name, other
            ):
                break
        self._list_entry(
            replace(person, birth_date=other), level, by_number=False, spelling=spelling
        )
        return self._consistent(scenario, person)

    def _doc_missing(self, scenario: Scenario) -> Case:
        return self._consistent(scenario, self._applicant(), back=Photo.ABSENT)

    def _doc_truncated(self, scenario: Scenario) -> Case:
        return self._consistent(scenario, self._applicant(), back=Photo.TRUNCATED)

    def _doc_noise(self, scenario: Scenario) -> Case:
        return self._consistent(scenario, self._applicant(), back=Photo.NOISE)

    def _ocr_covered(self, scenario: Scenario) -> Case:
        return self._consistent(scenario, self._applicant(), front=Photo.COVERED)

    def _number_forged(self, scenario: Scenario) -> Case:
        """Nobody holds the forged number, so the registry lacks it; the phone is on it."""
        person = self._applicant()
        forged = replace(person, id_number=self.factory.forged_variant(person.id_number))
        self.registries.add_phone(forged.phone, forged.id_number, forged.name)
        return _case(scenario, forged)

    def _expired(self, scenario: Scenario) -> Case:
        return self._consistent(scenario, self._applicant(expired=True))

    def _sex_contradicts(self, scenario: Scenario) -> Case:
        person = self._applicant()
        self._enrol(person)
        card = person.card_fields().model_copy(
            update={"sex": FEMALE if person.sex == MALE else MALE}
        )
        return replace(_case(scenario, person), card=card)

    def _long_term_too_young(self, scenario: Scenario) -> Case:
        """The registry holds the correct 20-year period; the card claims long-term."""
        while True:
            person = self._applicant()
            if validity_years(age_on(person.birth_date, person.valid_from)) == 20:
                break
        self._enrol(person)
        card = person.card_fields().model_copy(update={"valid_to": LONG_TERM})
        return replace(_case(scenario, person), card=card)

    def _form_name(self, scenario: Scenario) -> Case:
        person = self._applicant()
        while True:
            typed = self.factory.misspelt(person.name)
            if self.guard.free_for_applicant([typed], person.birth_date):
                self.guard.add_applicant([typed], person.birth_date)
                break
        self._enrol(person)
        return replace(_case(scenario, person), form_name=typed)

    def _form_number(self, scenario: Scenario) -> Case:
        person = self._applicant()
        self._enrol(person)
        return replace(
            _case(scenario, person), form_number=self.factory.sibling_number(person.id_number)
        )

    def _gov_not_found(self, scenario: Scenario) -> Case:
        person = self._applicant()
        self._enrol(person, gov=False, social=False)
        return _case(scenario, person)

    def _gov_other_name(self, scenario: Scenario) -> Case:
        person = self._applicant()
        self._enrol(person, gov=False, social=False)
        self.registries.add_gov(person, name=self.factory.renamed(person))
        return _case(scenario, person)

    def _gov_cancelled(self, scenario: Scenario) -> Case:
        person = self._applicant()
        self._enrol(person, social=False, status=IdentityStatus.CANCELLED)
        return _case(scenario, person)

    def _gov_deceased(self, scenario: Scenario) -> Case:
        person = self._applicant()
        self._enrol(person, social=False, status=IdentityStatus.DECEASED)
        return _case(scenario, person)

    def _social_other_name(self, scenario: Scenario) -> Case:
        person = self._applicant()
        self._enrol(person, social=False)
        self.registries.add_social(person, self.rng, name=self.factory.renamed(person))
        return _case(scenario, person)

    def _black_number(self, scenario: Scenario) -> Case:
        person = self._applicant()
        self._list_entry(person, ListLevel.BLACK, by_number=True)
        return self._consistent(scenario, person)

    def _black_name_han(self, scenario: Scenario) -> Case:
        person = self._applicant()
        self._list_entry(person, ListLevel.BLACK, by_number=False)
        return self._consistent(scenario, person)

    def _black_name_pinyin(self, scenario: Scenario) -> Case:
        person, spelling = self._spelled_applicant()
        self._list_entry(person, ListLevel.BLACK, by_number=False, spelling=spelling)
        return self._consistent(scenario, person)

    def _grey_number(self, scenario: Scenario) -> Case:
        person = self._applicant()
        self._list_entry(person, ListLevel.GREY, by_number=True)
        return self._consistent(scenario, person)

    def _grey_name(self, scenario: Scenario) -> Case:
        if self.rng.random() < 0.5:
            person, spelling = self._spelled_applicant()
        else:
            person, spelling = self._applicant(), None
        self._list_entry(person, ListLevel.GREY, by_number=False, spelling=spelling)
        return self._consistent(scenario, person)

    def _phone_other_owner(self, scenario: Scenario) -> Case:
        """The phone belongs to a bystander (in the registries, unrelated to the applicant)."""
        person = self._applicant()
        owner = self.factory.person()
        self._enrol(person, phone_owner=owner)
        self._enrol(owner)
        return _case(scenario, person)

    # ----------------------------------------------------------------- bystanders

    def bystanders(self, count: int) -> None:
        """``count`` registered residents who do not apply; some are on lists."""
        rng = self.rng
        for _ in range(count):
            person = self.factory.person(expired=rng.random() < 0.05)
            roll = rng.random()
            status = (
                IdentityStatus.CANCELLED
                if roll < 0.02
                else IdentityStatus.DECEASED
                if roll < 0.04
                else IdentityStatus.NORMAL
            )
            self.registries.add_gov(person, status=status)
            if rng.random() < 0.6:
                self.registries.add_social(person, rng)
            if rng.random() < 0.85:
                self.registries.add_phone(person.phone, person.id_number, person.name)
            if rng.random() < 0.1:
                self.registries.add_phone(self.factory.phone(), person.id_number, person.name)
            self._maybe_listed(person)
        for _ in range(max(2, count // 25)):
            # wanted people the identity registry does not know (forged or foreign papers)
            self._maybe_listed(self.factory.person(), chance=1.0)

    def _maybe_listed(self, person: Person, chance: float = 0.12) -> None:
        rng = self.rng
        if rng.random() >= chance:
            return
        level = ListLevel.BLACK if rng.random() < 0.5 else ListLevel.GREY
        by_number = rng.random() < 0.55
        spelling = None
        if not by_number and rng.random() < 0.5:
            spelling = pinyin_spelling(person, upper_surname=rng.random() < 0.5)
        if by_number or self.guard.free_for_entry(spelling or person.name, person.birth_date):
            self._list_entry(person, level, by_number=by_number, spelling=spelling)


def _case(scenario: Scenario, person: Person, **photos: Photo) -> Case:
    """The case of someone whose card and form both show ``person``."""
    return Case(
        scenario=scenario,
        card=person.card_fields(),
        form_name=person.name,
        form_number=person.id_number,
        phone=person.phone,
        **photos,
    )
