"""Bots declare their reason levels and what their applications carry; the plugin host
collects the declarations of registered bots only, and clashes between plugins name both."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import pytest

from robotlib.bot import Bot
from robotlib.errors import PluginError
from robotlib.intake import read_applications
from robotlib.model import Application, Decision, DecisionPolicy
from robotlib.model.application import KindRequirements
from robotlib.plugins.bot_declarations import declared_reason_levels, kind_requirements
from tests.helpers.bot_plugins import bots_plugin
from tests.helpers.plugins import registered


class PayrollBot(Bot):
    name = "payroll_check"
    reason_levels: ClassVar[Mapping[str, Decision]] = {
        "EMPLOYER_UNKNOWN": Decision.REVIEW,
        "EMPLOYER_STRUCK_OFF": Decision.REJECT,
    }


class StrictPayrollBot(Bot):
    name = "strict_payroll_check"
    reason_levels: ClassVar[Mapping[str, Decision]] = {"EMPLOYER_UNKNOWN": Decision.REJECT}


class AgreeingPayrollBot(Bot):
    name = "agreeing_payroll_check"
    reason_levels: ClassVar[Mapping[str, Decision]] = {"EMPLOYER_UNKNOWN": Decision.REVIEW}


class ShopBot(Bot):
    name = "shop_account"
    requires_business = True


def test_the_built_in_bots_declare_the_merchant_codes_and_business() -> None:
    from bots.merchant_account.reasons import LEVELS

    assert declared_reason_levels() == LEVELS
    assert kind_requirements().needs_business == {"merchant_account"}


def test_a_bot_class_defined_but_not_registered_adds_no_levels() -> None:
    assert "EMPLOYER_STRUCK_OFF" not in declared_reason_levels()
    assert DecisionPolicy().decide(["EMPLOYER_STRUCK_OFF"]) is Decision.REVIEW
    with registered(bots_plugin(PayrollBot), "payroll"):
        assert declared_reason_levels()["EMPLOYER_STRUCK_OFF"] is Decision.REJECT
        assert DecisionPolicy().decide(["EMPLOYER_STRUCK_OFF"]) is Decision.REJECT
        # veribot.toml still overrides a plugin's default
        lenient = DecisionPolicy(levels={"EMPLOYER_STRUCK_OFF": Decision.REVIEW})
        assert lenient.decide(["EMPLOYER_STRUCK_OFF"]) is Decision.REVIEW


def test_two_plugins_declaring_one_code_with_different_levels_clash() -> None:
    with (
        registered(bots_plugin(PayrollBot), "payroll"),
        registered(bots_plugin(StrictPayrollBot), "strict_payroll"),
        pytest.raises(PluginError) as raised,
    ):
        declared_reason_levels()
    message = str(raised.value)
    assert message == (
        "plugin strict_payroll (bot 'strict_payroll_check'): reason code EMPLOYER_UNKNOWN "
        "defaults to reject, but plugin payroll (bot 'payroll_check') declared it as review"
    )


def test_two_plugins_declaring_one_code_with_one_level_agree() -> None:
    with (
        registered(bots_plugin(PayrollBot), "payroll"),
        registered(bots_plugin(AgreeingPayrollBot), "agreeing_payroll"),
    ):
        assert declared_reason_levels()["EMPLOYER_UNKNOWN"] is Decision.REVIEW


def test_a_clash_stops_the_first_decision_whatever_its_codes() -> None:
    policy = DecisionPolicy()
    with (
        registered(bots_plugin(PayrollBot), "payroll"),
        registered(bots_plugin(StrictPayrollBot), "strict_payroll"),
        pytest.raises(PluginError, match="EMPLOYER_UNKNOWN"),
    ):
        policy.decide(["GREYLIST_HIT"])


SHOP_RECORD: dict[str, Any] = {
    "ref": "SHOP-1",
    "kind": "shop_account",
    "applicant": {"name": "张伟", "id_number": "440305199003071236"},
}


def read_shop_record(tmp_path: Path) -> list[str]:
    path = tmp_path / "apps.jsonl"
    path.write_text(json.dumps(SHOP_RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    return [str(error) for error in read_applications(path).errors]


def test_intake_asks_the_registered_bots_which_kinds_need_a_business(tmp_path: Path) -> None:
    assert read_shop_record(tmp_path) == []
    with registered(bots_plugin(ShopBot), "shop"):
        assert kind_requirements().needs_business == {"merchant_account", "shop_account"}
        assert read_shop_record(tmp_path) == [
            "line 1 (SHOP-1): business: Value error, required for kind 'shop_account': "
            "the business's uscc and name"
        ]


def test_the_requirement_comes_from_the_validation_context() -> None:
    required = KindRequirements(needs_business=frozenset({"shop_account"}))
    with pytest.raises(ValueError, match="required for kind 'shop_account'"):
        Application.model_validate(SHOP_RECORD, context=required)
    # a stored task is read without it: the bot refuses a missing business itself
    assert Application.model_validate(SHOP_RECORD).business is None
