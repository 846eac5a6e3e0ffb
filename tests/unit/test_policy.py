import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from robotlib.model import Decision, DecisionPolicy, ReasonCode
from robotlib.model.policy import DEFAULT_LEVELS


def test_every_reason_code_has_a_default_level() -> None:
    assert set(DEFAULT_LEVELS) == set(ReasonCode)


@pytest.mark.parametrize(
    ("reasons", "expected"),
    [
        ([], Decision.APPROVE),
        (["GREYLIST_HIT"], Decision.REVIEW),
        (["GREYLIST_HIT", "BLACKLIST_HIT"], Decision.REJECT),
        (["SOURCE_UNAVAILABLE"], Decision.REVIEW),
        (["PLUGIN_SPECIFIC_CODE"], Decision.REVIEW),
    ],
)
def test_decide(reasons: list[str], expected: Decision) -> None:
    assert DecisionPolicy().decide(reasons) is expected, reasons


@given(st.lists(st.sampled_from(list(ReasonCode)), min_size=1))
def test_any_reason_prevents_approval(reasons: list[ReasonCode]) -> None:
    assert DecisionPolicy().decide(reasons) is not Decision.APPROVE


def test_configured_level_overrides_default() -> None:
    policy = DecisionPolicy(levels={"GREYLIST_HIT": Decision.REJECT})
    assert policy.decide(["GREYLIST_HIT"]) is Decision.REJECT
    assert policy.decide(["FORM_MISMATCH"]) is Decision.REVIEW


def test_unverifiable_input_cannot_be_configured_to_approve() -> None:
    with pytest.raises(ValidationError, match="SOURCE_UNAVAILABLE"):
        DecisionPolicy(levels={"SOURCE_UNAVAILABLE": Decision.APPROVE})


def test_a_bot_declares_its_codes_default_levels() -> None:
    from bots.merchant_account.bot import MerchantAccountBot

    policy = DecisionPolicy()
    for code, level in MerchantAccountBot.reason_levels.items():
        assert policy.level(code) is level, code
    assert policy.decide(["ENTERPRISE_ABNORMAL"]) is Decision.REVIEW
    assert policy.decide(["ENTERPRISE_ABNORMAL", "ENTERPRISE_NOT_FOUND"]) is Decision.REJECT
    # veribot.toml still overrides a plugin's default
    lenient = DecisionPolicy(levels={"ENTERPRISE_MISMATCH": Decision.REVIEW})
    assert lenient.decide(["ENTERPRISE_MISMATCH"]) is Decision.REVIEW


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ({"GREYLIST_HIT": Decision.REJECT}, "built in"),
        ({"PLUGIN_OK_CODE": Decision.APPROVE}, "cannot default to approve"),
        ({"ENTERPRISE_NOT_FOUND": Decision.REVIEW}, "declared it as reject"),
    ],
)
def test_a_bot_cannot_redefine_or_weaken_codes(levels: dict[str, Decision], message: str) -> None:
    from robotlib.bot import Bot
    from robotlib.errors import PluginError
    from tests.helpers.bot_plugins import bots_plugin
    from tests.helpers.plugins import registered

    class Sloppy(Bot):
        name = "sloppy"
        reason_levels = levels

    # the registered bots' declarations reach the policy at its first decision
    with registered(bots_plugin(Sloppy), "sloppy"), pytest.raises(PluginError, match=message):
        DecisionPolicy().decide([])
