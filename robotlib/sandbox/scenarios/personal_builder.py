"""Builds the case of each scenario: an applicant, their card and form, and the registry rows
that make exactly the scenario's condition hold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from robotlib.sandbox.people.person import FEMALE, MALE, Person, random_birth_date
from robotlib.sandbox.registries.population import Population
from robotlib.sandbox.scenarios.cases import Case, Photo, case_of
from robotlib.sandbox.scenarios.personal import Scenario
from robotlib.sources.records import LONG_TERM, IdentityStatus, ListLevel
from robotlib.validation.card import age_on, validity_years


@dataclass
class ScenarioBuilder:
    """Builds cases and the registry rows behind them."""

    people: Population

    def case(self, scenario: Scenario) -> Case:
        """A new applicant in ``scenario``, with their registry rows added."""
        build: Callable[[Scenario], Case] = getattr(self, f"_{scenario.value}")
        return build(scenario)

    def _consistent(self, scenario: Scenario, person: Person, **photos: Photo) -> Case:
        self.people.enrol(person)
        return case_of(scenario, person, **photos)

    def _clean(self, scenario: Scenario) -> Case:
        return self._consistent(scenario, self.people.applicant())

    def _decoy(self, scenario: Scenario) -> Case:
        """A clean applicant plus a name-only entry for a namesake born on another day."""
        person, spelling = self.people.applicant_maybe_spelled()
        level = self.people.rng.choice((ListLevel.BLACK, ListLevel.GREY))
        while True:
            other = random_birth_date(self.people.rng)
            if other != person.birth_date and self.people.guard.free_for_entry(
                spelling or person.name, other
            ):
                break
        self.people.list_entry(
            replace(person, birth_date=other), level, by_number=False, spelling=spelling
        )
        return self._consistent(scenario, person)

    def _doc_missing(self, scenario: Scenario) -> Case:
        return self._consistent(scenario, self.people.applicant(), back=Photo.ABSENT)

    def _doc_truncated(self, scenario: Scenario) -> Case:
        return self._consistent(scenario, self.people.applicant(), back=Photo.TRUNCATED)

    def _doc_noise(self, scenario: Scenario) -> Case:
        return self._consistent(scenario, self.people.applicant(), back=Photo.NOISE)

    def _ocr_covered(self, scenario: Scenario) -> Case:
        return self._consistent(scenario, self.people.applicant(), front=Photo.COVERED)

    def _number_forged(self, scenario: Scenario) -> Case:
        """Nobody holds the forged number, so the registry lacks it; the phone is on it."""
        person = self.people.applicant()
        forged = replace(person, id_number=self.people.factory.forged_variant(person.id_number))
        self.people.registries.add_phone(forged.phone, forged.id_number, forged.name)
        return case_of(scenario, forged)

    def _expired(self, scenario: Scenario) -> Case:
        return self._consistent(scenario, self.people.applicant(expired=True))

    def _sex_contradicts(self, scenario: Scenario) -> Case:
        person = self.people.applicant()
        self.people.enrol(person)
        card = person.card_fields().model_copy(
            update={"sex": FEMALE if person.sex == MALE else MALE}
        )
        return replace(case_of(scenario, person), card=card)

    def _long_term_too_young(self, scenario: Scenario) -> Case:
        """The registry holds the correct 20-year period; the card claims long-term."""
        while True:
            person = self.people.applicant()
            if validity_years(age_on(person.birth_date, person.valid_from)) == 20:
                break
        self.people.enrol(person)
        card = person.card_fields().model_copy(update={"valid_to": LONG_TERM})
        return replace(case_of(scenario, person), card=card)

    def _form_name(self, scenario: Scenario) -> Case:
        person = self.people.applicant()
        while True:
            typed = self.people.factory.misspelt(person.name)
            if self.people.guard.free_for_applicant([typed], person.birth_date):
                self.people.guard.add_applicant([typed], person.birth_date)
                break
        self.people.enrol(person)
        return replace(case_of(scenario, person), form_name=typed)

    def _form_number(self, scenario: Scenario) -> Case:
        person = self.people.applicant()
        self.people.enrol(person)
        return replace(
            case_of(scenario, person),
            form_number=self.people.factory.sibling_number(person.id_number),
        )

    def _gov_not_found(self, scenario: Scenario) -> Case:
        person = self.people.applicant()
        self.people.enrol(person, gov=False, social=False)
        return case_of(scenario, person)

    def _gov_other_name(self, scenario: Scenario) -> Case:
        person = self.people.applicant()
        self.people.enrol(person, gov=False, social=False)
        self.people.registries.add_gov(person, name=self.people.factory.renamed(person))
        return case_of(scenario, person)

    def _gov_cancelled(self, scenario: Scenario) -> Case:
        person = self.people.applicant()
        self.people.enrol(person, social=False, status=IdentityStatus.CANCELLED)
        return case_of(scenario, person)

    def _gov_deceased(self, scenario: Scenario) -> Case:
        person = self.people.applicant()
        self.people.enrol(person, social=False, status=IdentityStatus.DECEASED)
        return case_of(scenario, person)

    def _social_other_name(self, scenario: Scenario) -> Case:
        person = self.people.applicant()
        self.people.enrol(person, social=False)
        self.people.registries.add_social(
            person, self.people.rng, name=self.people.factory.renamed(person)
        )
        return case_of(scenario, person)

    def _listed(
        self,
        scenario: Scenario,
        person: Person,
        level: ListLevel,
        *,
        by_number: bool,
        spelling: str | None = None,
    ) -> Case:
        """A consistent applicant who is also on a list, by number or by name."""
        self.people.list_entry(person, level, by_number=by_number, spelling=spelling)
        return self._consistent(scenario, person)

    def _black_number(self, scenario: Scenario) -> Case:
        return self._listed(scenario, self.people.applicant(), ListLevel.BLACK, by_number=True)

    def _black_name_han(self, scenario: Scenario) -> Case:
        return self._listed(scenario, self.people.applicant(), ListLevel.BLACK, by_number=False)

    def _black_name_pinyin(self, scenario: Scenario) -> Case:
        person, spelling = self.people.spelled_applicant()
        return self._listed(scenario, person, ListLevel.BLACK, by_number=False, spelling=spelling)

    def _grey_number(self, scenario: Scenario) -> Case:
        return self._listed(scenario, self.people.applicant(), ListLevel.GREY, by_number=True)

    def _grey_name(self, scenario: Scenario) -> Case:
        person, spelling = self.people.applicant_maybe_spelled()
        return self._listed(scenario, person, ListLevel.GREY, by_number=False, spelling=spelling)

    def _phone_other_owner(self, scenario: Scenario) -> Case:
        """The phone belongs to a bystander (in the registries, unrelated to the applicant)."""
        person = self.people.applicant()
        owner = self.people.factory.person()
        self.people.enrol(person, phone_owner=owner)
        self.people.enrol(owner)
        return case_of(scenario, person)
