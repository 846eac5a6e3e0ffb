"""Builds the case of each merchant scenario: a legal representative, their business, its
licence and form, and the registry rows that make exactly the scenario's condition hold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from robotlib.sandbox.cards.licence_card import LicenceLayout
from robotlib.sandbox.draws import weighted_choice
from robotlib.sandbox.people.companies import Company, random_company
from robotlib.sandbox.registries.population import Population
from robotlib.sandbox.scenarios.cases import Photo, case_of
from robotlib.sandbox.scenarios.merchant import MerchantScenario
from robotlib.sandbox.scenarios.merchant_cases import MerchantCase
from robotlib.sandbox.scenarios.personal import Scenario
from robotlib.sources.records import EnterpriseStatus, Entity, ListLevel
from robotlib.validation.uscc import check_uscc

_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_NAME_CHARS = "华创智联盛达恒信宏远金鼎嘉禾天成瑞丰博雅新锐东方弘毅永安中科鑫源"
_BLACK = ("fraud_merchants", "涉嫌套现、洗钱的特约商户")
_GREY = ("merchant_watch", "商户交易异常监测")
_BYSTANDER_STATUS = (
    (EnterpriseStatus.NORMAL, 92),
    (EnterpriseStatus.ABNORMAL, 5),
    (EnterpriseStatus.REVOKED, 3),
)
#: share of licences printed in the one-column layout
ONE_COLUMN_SHARE = 0.3
#: registered businesses per merchant that do not apply (the registry is bigger than the queue)
BYSTANDER_COMPANIES = 1


@dataclass
class MerchantBuilder:
    """Builds merchant cases and the registry rows behind them."""

    people: Population
    today: dt.date
    #: company names and credit codes handed out, so no two businesses share either
    taken: set[str] = field(default_factory=set)

    def case(self, scenario: MerchantScenario) -> MerchantCase:
        """A new merchant in ``scenario``, with its registry rows added."""
        build = getattr(self, "_" + scenario.value.removeprefix("merchant_"))
        case: MerchantCase = build(scenario)
        return case

    def company(self, legal_representative: str) -> Company:
        """A business no other one shares a name or a credit code with."""
        while True:
            company = random_company(self.people.rng, self.today)
            if company.name not in self.taken and company.uscc not in self.taken:
                self.taken.update((company.name, company.uscc))
                return replace(company, legal_representative=legal_representative)

    def bystanders(self, count: int) -> None:
        """``count`` registered businesses that do not apply; some flagged or listed."""
        rng = self.people.rng
        for _ in range(count):
            owner = self.people.factory.person()
            company = self.company(owner.name)
            status = weighted_choice(rng, _BYSTANDER_STATUS)
            self.people.registries.add_enterprise(company, status=status)
            if rng.random() < 0.05:
                self._list_company(company, ListLevel.BLACK, by_code=rng.random() < 0.5)

    def _merchant(
        self,
        scenario: MerchantScenario,
        *,
        status: EnterpriseStatus | None = EnterpriseStatus.NORMAL,
        expired: bool = False,
        listed: bool = False,
        licence_photo: Photo = Photo.CARD,
    ) -> MerchantCase:
        """A consistent merchant; ``status=None``: the registry does not know the business;
        ``listed``: the representative's number is on a black list."""
        person = self.people.applicant(expired=expired)
        self.people.enrol(person)
        if listed:
            self.people.list_entry(person, ListLevel.BLACK, by_number=True)
        company = self.company(person.name)
        if status is not None:
            self.people.registries.add_enterprise(company, status=status)
        layout = (
            LicenceLayout.ONE_COLUMN
            if self.people.rng.random() < ONE_COLUMN_SHARE
            else LicenceLayout.TWO_COLUMN
        )
        return MerchantCase(
            scenario=scenario,
            person=case_of(Scenario.EXPIRED if expired else Scenario.CLEAN, person),
            licence=company,
            form_uscc=company.uscc,
            form_name=company.name,
            licence_photo=licence_photo,
            layout=layout,
        )

    def _list_company(self, company: Company, level: ListLevel, *, by_code: bool) -> None:
        """A list entry for the business: by credit code (under a former name), or by name."""
        list_name, reason = _BLACK if level is ListLevel.BLACK else _GREY
        # listed by code under a former name: the name alone must not find it
        name = self.company(legal_representative="").name if by_code else company.name
        self.people.registries.add_entry(
            list_name=list_name,
            level=level,
            name=name,
            reason=reason,
            id_number=company.uscc if by_code else None,
            entity=Entity.COMPANY,
        )

    def _clean(self, scenario: MerchantScenario) -> MerchantCase:
        return self._merchant(scenario)

    def _revoked(self, scenario: MerchantScenario) -> MerchantCase:
        return self._merchant(scenario, status=EnterpriseStatus.REVOKED)

    def _cancelled(self, scenario: MerchantScenario) -> MerchantCase:
        return self._merchant(scenario, status=EnterpriseStatus.CANCELLED)

    def _abnormal(self, scenario: MerchantScenario) -> MerchantCase:
        return self._merchant(scenario, status=EnterpriseStatus.ABNORMAL)

    def _not_registered(self, scenario: MerchantScenario) -> MerchantCase:
        return self._merchant(scenario, status=None)

    def _uscc_typo(self, scenario: MerchantScenario) -> MerchantCase:
        case = self._merchant(scenario)
        rng = self.people.rng
        code = case.form_uscc
        while True:
            at = rng.randrange(2, len(code))
            typed = code[:at] + rng.choice(_CODE_CHARS) + code[at + 1 :]
            if not check_uscc(typed).valid:
                return replace(case, form_uscc=typed)

    def _form_company_name(self, scenario: MerchantScenario) -> MerchantCase:
        case = self._merchant(scenario)
        rng = self.people.rng
        name = case.form_name
        while True:
            at = rng.randrange(2, len(name) - 4)
            typed = name[:at] + rng.choice(_NAME_CHARS) + name[at + 1 :]
            if typed != name:
                return replace(case, form_name=typed)

    def _legal_rep_other(self, scenario: MerchantScenario) -> MerchantCase:
        """The licence and the registry name someone else: the applicant is not the
        representative (perhaps an agent)."""
        person = self.people.applicant()
        self.people.enrol(person)
        company = self.company(self.people.factory.renamed(person))
        self.people.registries.add_enterprise(company)
        return MerchantCase(
            scenario, case_of(Scenario.CLEAN, person), company, company.uscc, company.name
        )

    def _registry_other_rep(self, scenario: MerchantScenario) -> MerchantCase:
        person = self.people.applicant()
        self.people.enrol(person)
        company = self.company(person.name)
        self.people.registries.add_enterprise(
            company, legal_representative=self.people.factory.renamed(person)
        )
        return MerchantCase(
            scenario, case_of(Scenario.CLEAN, person), company, company.uscc, company.name
        )

    def _company_black_name(self, scenario: MerchantScenario) -> MerchantCase:
        case = self._merchant(scenario)
        self._list_company(case.licence, ListLevel.BLACK, by_code=False)
        return case

    def _company_black_code(self, scenario: MerchantScenario) -> MerchantCase:
        case = self._merchant(scenario)
        self._list_company(case.licence, ListLevel.BLACK, by_code=True)
        return case

    def _company_grey(self, scenario: MerchantScenario) -> MerchantCase:
        case = self._merchant(scenario)
        by_code = self.people.rng.random() < 0.5
        self._list_company(case.licence, ListLevel.GREY, by_code=by_code)
        return case

    def _person_black(self, scenario: MerchantScenario) -> MerchantCase:
        return self._merchant(scenario, listed=True)

    def _person_expired(self, scenario: MerchantScenario) -> MerchantCase:
        return self._merchant(scenario, expired=True)

    def _licence_covered(self, scenario: MerchantScenario) -> MerchantCase:
        return self._merchant(scenario, licence_photo=Photo.COVERED)

    def _licence_missing(self, scenario: MerchantScenario) -> MerchantCase:
        return self._merchant(scenario, licence_photo=Photo.ABSENT)
