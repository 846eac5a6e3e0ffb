"""The residents of a synthetic world in its registries: applicants, list entries, bystanders."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from robotlib.sandbox.people.chinese_names import pinyin_spelling
from robotlib.sandbox.people.factory import PersonFactory
from robotlib.sandbox.people.person import Person
from robotlib.sandbox.registries.datasets import Registries
from robotlib.sandbox.registries.list_clashes import NameGuard
from robotlib.sources.records import IdentityStatus, ListLevel

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


@dataclass
class Population:
    """Makes residents and their registry rows; no applicant matches a name-only list entry or
    another applicant by accident."""

    factory: PersonFactory
    registries: Registries
    rng: random.Random
    guard: NameGuard = field(default_factory=NameGuard)

    def applicant(self, *, expired: bool = False) -> Person:
        """A new applicant whose name and birth date match no list entry and no applicant."""
        while True:
            person = self.factory.person(expired=expired)
            if self.guard.free_for_applicant([person.name], person.birth_date):
                self.guard.add_applicant([person.name], person.birth_date)
                return person

    def enrol(
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

    def list_entry(
        self, person: Person, level: ListLevel, *, by_number: bool, spelling: str | None = None
    ) -> None:
        """A black- or grey-list entry for ``person``, by number or by name (``spelling``
        instead of the Han name if given) and birth date."""
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

    def spelled_applicant(self) -> tuple[Person, str]:
        """An applicant whose name lists can write in pinyin, and that spelling."""
        while True:
            person = self.factory.person()
            spelling = pinyin_spelling(person, upper_surname=self.rng.random() < 0.5)
            if spelling and self.guard.free_for_applicant([person.name], person.birth_date):
                self.guard.add_applicant([person.name], person.birth_date)
                return person, spelling

    def applicant_maybe_spelled(self) -> tuple[Person, str | None]:
        """An applicant, half the time with a pinyin spelling for a list entry to use."""
        if self.rng.random() < 0.5:
            return self.spelled_applicant()
        return self.applicant(), None

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
            self.list_entry(person, level, by_number=by_number, spelling=spelling)
