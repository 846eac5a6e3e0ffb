"""The ``veribot.testing`` pytest plugin, used the way a plugin author uses it: its fixtures
are here because veribot's install registers the plugin (entry point ``pytest11``)."""

from __future__ import annotations

from typing import ClassVar

import pytest

from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.errors import SourceUnavailable
from robotlib.model import Application, ReasonCode, ResultRecord
from robotlib.testing import SandboxWorld, assert_decision, assert_expected


class ListedBot(Bot):
    """Reviews applicants the world's black list knows; needs the ``blacklist`` source."""

    name = "listed"
    scopes: ClassVar[frozenset[str]] = frozenset({"source:blacklist"})
    required_sources = ("blacklist",)

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        out = BotOutcome()
        applicant = application.applicant
        if ctx.source("blacklist").screen(applicant.id_number, applicant.name, None):  # type: ignore[attr-defined]
            out.add(ReasonCode.GREYLIST_HIT)
        return out


class DownBot(Bot):
    name = "down"

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        raise SourceUnavailable("registry down")


def test_the_plugin_is_loaded_from_its_entry_point(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.has_plugin("veribot.testing")


def test_the_world_has_applications_and_their_answers(veribot_world: SandboxWorld) -> None:
    assert len(veribot_world.applications) == 12
    assert set(veribot_world.expected) == set(veribot_world.applications)
    assert veribot_world.refs_expecting("approve")
    assert "gov_identity" in veribot_world.config.sources
    with pytest.raises(KeyError, match="no application 'NOPE'"):
        veribot_world.application("NOPE")


@pytest.mark.veribot_world(people=3, seed=2)
def test_the_marker_chooses_the_world(veribot_world: SandboxWorld) -> None:
    assert len(veribot_world.applications) == 3


def test_a_bot_runs_on_a_world_application_in_a_real_worker(
    veribot_world: SandboxWorld, veribot_run
) -> None:
    ref = veribot_world.refs_expecting("approve")[0]

    result = veribot_run(ListedBot, veribot_world.application(ref))

    assert (result.ref, result.status, result.bot) == (ref, "done", "listed")
    assert_decision(result, "approve", reasons=[])


def test_a_failing_bot_ends_dead_and_the_assertion_says_why(
    veribot_world: SandboxWorld, veribot_run
) -> None:
    ref = veribot_world.refs_expecting("approve")[0]

    result = veribot_run(DownBot, veribot_world.application(ref))

    with pytest.raises(AssertionError, match=rf"{ref}: decision review, expected approve"):
        assert_decision(result, "approve")


def test_assertion_messages_name_the_ref_and_the_difference() -> None:
    result = ResultRecord(ref="SZ-1", status="done", decision="review", reasons=["GREYLIST_HIT"])
    assert_decision(result, "review", ["GREYLIST_HIT"])
    with pytest.raises(AssertionError, match=r"SZ-1: decision review, expected reject"):
        assert_decision(result, "reject")
    with pytest.raises(
        AssertionError, match=r"missing \['PHONE_NOT_REAL_NAME'\], unexpected \['GREYLIST_HIT'\]"
    ):
        assert_decision(result, "review", ["PHONE_NOT_REAL_NAME"])


def test_assert_expected_compares_with_the_world(veribot_world: SandboxWorld) -> None:
    ref = veribot_world.refs_expecting("approve")[0]
    assert_expected(ResultRecord(ref=ref, status="done", decision="approve"), veribot_world)
    with pytest.raises(AssertionError, match=ref):
        assert_expected(ResultRecord(ref=ref, status="done", decision="reject"), veribot_world)
