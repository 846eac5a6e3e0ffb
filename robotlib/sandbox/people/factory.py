"""The factory of synthetic residents: distinct people with valid numbers, cards and phones.

Everything comes from one ``random.Random``, so a seed always yields the same people. What a
person is made of lives in its own module: ``regions`` (codes from stdnum), ``names``,
``ethnicities``, ``addresses``, ``id_numbers``, ``validity`` and ``phones``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from stdnum.cn import ric

from robotlib.sandbox.people.addresses import random_address
from robotlib.sandbox.people.chinese_names import given_name, misspelling, random_name
from robotlib.sandbox.people.ethnicities import HOMELANDS, random_ethnicity
from robotlib.sandbox.people.id_numbers import forge_check_digit, id_number, sex_of_number
from robotlib.sandbox.people.person import FEMALE, HAN, MALE, Person, random_birth_date
from robotlib.sandbox.people.phones import random_phone
from robotlib.sandbox.people.regions import Region, regions_for_year
from robotlib.sandbox.people.validity import current_validity, expired_validity


@dataclass
class PersonFactory:
    """Makes distinct people: no number and no phone is ever handed out twice."""

    rng: random.Random
    today: dt.date
    _numbers: set[str] = field(default_factory=set)
    _phones: set[str] = field(default_factory=set)

    def person(self, *, expired: bool = False) -> Person:
        """A new resident holding a card that is valid today (or expired, if asked)."""
        rng = self.rng
        while True:
            ethnicity = random_ethnicity(rng)
            male = rng.random() < 0.5
            sex = MALE if male else FEMALE
            birth = random_birth_date(rng)
            region = self._region(ethnicity, birth.year)
            period = (
                expired_validity(birth, rng, self.today)
                if expired
                else current_validity(birth, rng, self.today)
            )
            if period is None:
                continue
            valid_from, valid_to = period
            surname, name = random_name(rng, sex, ethnicity)
            return Person(
                surname=surname,
                name=name,
                sex=sex,
                ethnicity=ethnicity,
                birth_date=birth,
                id_number=self.number(region.code, birth, male),
                address=random_address(rng, region),
                issuing_authority=region.authority,
                valid_from=valid_from,
                valid_to=valid_to,
                phone=self.phone(),
            )

    def number(self, region_code: str, birth: dt.date, male: bool) -> str:
        """A fresh valid number for that region, birth date and sex."""
        while True:
            number = id_number(region_code, birth, self.rng.randrange(500) * 2 + int(male))
            if number not in self._numbers:
                if not ric.is_valid(number):
                    raise AssertionError(f"generated an invalid number {number}")
                self._numbers.add(number)
                return number

    def sibling_number(self, number: str) -> str:
        """Another valid number with the same region, birth date and sex (a typo's victim)."""
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        return self.number(number[:6], birth, sex_of_number(number) == MALE)

    def forged_variant(self, number: str) -> str:
        """``number`` with a wrong check character, as a forger who ignores the checksum writes."""
        while True:
            forged = forge_check_digit(number, self.rng)
            if forged not in self._numbers:
                self._numbers.add(forged)
                return forged

    def phone(self) -> str:
        """A fresh mobile number with a real mainland prefix."""
        while True:
            phone = random_phone(self.rng)
            if phone not in self._phones:
                self._phones.add(phone)
                return phone

    def renamed(self, person: Person) -> str:
        """Another name with the same surname (a registry that knows someone else)."""
        while True:
            surname = person.surname or random_name(self.rng, person.sex, HAN)[0]
            name = surname + given_name(self.rng, person.sex)
            if name != person.name:
                return name

    def misspelt(self, name: str) -> str:
        """``name`` with one given-name character replaced, as a hurried customer types it."""
        return misspelling(self.rng, name)

    def _region(self, ethnicity: str, year: int) -> Region:
        home = HOMELANDS.get(ethnicity)
        candidates = regions_for_year(year)
        if home and self.rng.random() < 0.85:
            # before 1983 many of today's codes did not exist; then anywhere will do
            candidates = regions_for_year(year, home) or candidates
        return self.rng.choice(candidates)
