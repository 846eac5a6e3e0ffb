"""The merchant part of the sandbox world: scenarios, registry rows, licences and answers."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from robotlib.intake import read_applications
from robotlib.sandbox.payroll_inbox import ImagesAs, write_inbox
from robotlib.sandbox.scenarios.merchant import SPECIAL_ORDER, MerchantScenario
from robotlib.sandbox.world import WorldError, WorldPlan, generate_world, plan_world
from robotlib.sources.csv_table import read_rows
from robotlib.sources.records import EnterpriseRecord, EnterpriseStatus, Entity, ListEntry
from robotlib.validation.uscc import check_uscc

TODAY = dt.date(2026, 11, 24)
#: enough merchants for every fault kind (40 % of 38 is 15)
MERCHANTS = 38


@pytest.fixture(scope="module")
def plan() -> WorldPlan:
    return plan_world(0, 3, TODAY, merchants=MERCHANTS)


def test_every_merchant_scenario_appears_and_most_merchants_are_clean(plan: WorldPlan) -> None:
    counts = Counter(case.scenario for case in plan.merchant_cases.values())
    assert set(counts) == set(MerchantScenario)
    assert counts[MerchantScenario.CLEAN] == MERCHANTS - len(SPECIAL_ORDER)
    assert not plan.cases


def test_answers_follow_each_scenario(plan: WorldPlan) -> None:
    for expected in plan.expected:
        scenario = plan.merchant_cases[expected["ref"]].scenario
        assert expected["reasons"] == list(scenario.expected), expected["ref"]
        assert expected["decision"] == scenario.decision, expected["ref"]
        assert (expected["decision"] == "approve") == (scenario is MerchantScenario.CLEAN)


def test_registry_rows_make_exactly_the_scenario_hold(plan: WorldPlan) -> None:
    registry = {record.uscc: record for record in plan.registries.enterprises}
    companies = [e for e in plan.registries.lists if e.entity is Entity.COMPANY]
    for ref, case in plan.merchant_cases.items():
        record = registry.get(case.licence.uscc)
        scenario = case.scenario
        if scenario is MerchantScenario.NOT_REGISTERED:
            assert record is None, ref
            continue
        assert record is not None, ref
        status = {
            MerchantScenario.REVOKED: EnterpriseStatus.REVOKED,
            MerchantScenario.CANCELLED: EnterpriseStatus.CANCELLED,
            MerchantScenario.ABNORMAL: EnterpriseStatus.ABNORMAL,
        }.get(scenario, EnterpriseStatus.NORMAL)
        assert record.status is status, ref
        other_rep = scenario is MerchantScenario.REGISTRY_OTHER_REP
        assert (record.legal_representative != case.licence.legal_representative) == other_rep
        on_card = case.person.card.name == case.licence.legal_representative
        assert on_card == (scenario is not MerchantScenario.LEGAL_REP_OTHER), ref
        listed = [e for e in companies if e.name == case.licence.name or e.id_number == record.uscc]
        company_listed = scenario.value.startswith("merchant_company_")
        assert bool(listed) == company_listed, ref
        typo = scenario is MerchantScenario.USCC_TYPO
        assert check_uscc(case.form_uscc).valid != typo, ref
        assert (case.form_name != case.licence.name) == (
            scenario is MerchantScenario.FORM_COMPANY_NAME
        ), ref


def test_bystander_businesses_make_the_registry_bigger_than_the_queue(plan: WorldPlan) -> None:
    assert len(plan.registries.enterprises) > MERCHANTS
    names = [r.name for r in plan.registries.enterprises]
    assert len(set(names)) == len(names)


def test_a_merchant_world_on_disk_loads_and_points_at_its_documents(tmp_path: Path) -> None:
    summary = generate_world(0, 9, tmp_path, today=TODAY, merchants=6, workers=1)
    assert summary.merchants == 6
    assert summary.rows["enterprise_registry.csv"] >= 6
    rows, errors = read_rows(tmp_path / "enterprise_registry.csv", EnterpriseRecord)
    assert errors == []
    assert len(rows) == summary.rows["enterprise_registry.csv"]
    _, list_errors = read_rows(tmp_path / "blacklist.csv", ListEntry)
    assert list_errors == []
    intake = read_applications(tmp_path / "applications.jsonl")
    assert intake.errors == []
    assert len(intake.records) == 6
    for record in intake.records:
        application = record.application
        assert application.kind == "merchant_account"
        assert application.business is not None
        for path in (application.documents.licence, application.documents.id_front):
            if path is not None:
                assert Image.open(path).format == "JPEG", path
    assert "[sources.enterprise_registry]" in (tmp_path / "veribot.toml").read_text("utf-8")
    expected = [json.loads(line) for line in (tmp_path / "expected.jsonl").open(encoding="utf-8")]
    assert [e["ref"] for e in expected] == [r.application.ref for r in intake.records]


def test_a_personal_world_has_an_empty_enterprise_registry_and_no_entity_column(
    tmp_path: Path,
) -> None:
    summary = generate_world(5, 9, tmp_path, today=TODAY, photos=False)
    assert summary.rows["enterprise_registry.csv"] == 0
    header = (tmp_path / "blacklist.csv").read_text("utf-8").splitlines()[0]
    assert header == "list,level,id_number,name,birth_date,reason"


def test_a_payroll_inbox_of_a_mixed_world_holds_only_the_personal_applications(
    tmp_path: Path,
) -> None:
    generate_world(4, 9, tmp_path / "world", today=TODAY, merchants=3, photos=False)
    inbox = write_inbox(tmp_path / "world", tmp_path / "inbox", images_as=ImagesAs.FOLDER)
    assert inbox.rows == 4
    report = read_applications(inbox.file)
    assert {r.application.kind for r in report.records} == {"personal_account"}


@pytest.mark.parametrize(("people", "merchants"), [(0, 0), (-1, 5), (5, -1)])
def test_an_empty_or_negative_world_is_refused_with_both_options_named(
    people: int, merchants: int
) -> None:
    with pytest.raises(WorldError, match="--people and --merchants"):
        plan_world(people, 1, TODAY, merchants=merchants)
