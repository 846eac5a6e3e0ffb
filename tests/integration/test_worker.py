"""The Worker role in this process, over a real SQLite pool, with bots and factories passed in."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import ClassVar

import pytest
from loguru import logger
from pool_contract import waiting

from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.config import Config, OcrConfig, SourceConfig
from robotlib.errors import BusinessError, ConfigError, SourceUnavailable
from robotlib.model import Application, Decision, DecisionPolicy, ReasonCode, TaskStatus
from robotlib.ocr.engine import OcrEngine
from robotlib.sources.base import Source, SourceFactory
from scheduler.pool import SqlitePool
from scheduler.worker import Worker
from tests.helpers.worker_tasks import (
    FAST,
    NAME,
    NUMBER,
    FakeEngine,
    OcrBot,
    application,
    drain,
)


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(base_dir=tmp_path)


class RegistryBot(Bot):
    """Needs the source ``registry``: unreachable means retry, then review."""

    name = "registry"
    scopes: ClassVar[frozenset[str]] = frozenset({"source:registry"})

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        ctx.source("registry")
        return BotOutcome()


class Registry(Source):
    pass


def test_decisions_come_from_the_configured_policy(
    echo_plugin: ModuleType, tmp_path: Path, pool: SqlitePool
) -> None:
    strict = Config(
        base_dir=tmp_path, policy=DecisionPolicy(levels={ReasonCode.GREYLIST_HIT: Decision.REJECT})
    )
    pool.submit([application("A-1"), application("A-2", segment="review")])
    worker = Worker(strict, pool, settings=FAST, bots={"echo": echo_plugin.EchoBot})

    assert drain(worker) == 2

    approved, rejected = pool.results()
    assert (approved.ref, approved.status, approved.decision) == ("A-1", "done", "approve")
    assert (rejected.decision, rejected.reasons) == (Decision.REJECT, ["GREYLIST_HIT"])
    assert (rejected.bot, rejected.attempts, rejected.fields.name) == ("echo", 1, NAME)


def drain_registry_task(config: Config, pool: SqlitePool, factory: SourceFactory) -> None:
    """Submit one ``registry`` task and drain it with ``factory`` behind the source."""
    config.sources["registry"] = SourceConfig(type="flaky")
    pool.submit([application("A-1", kind="registry")], {"registry": RegistryBot.scopes})
    worker = Worker(
        config,
        pool,
        settings=FAST,
        bots={"registry": RegistryBot},
        source_factories={"flaky": factory},
    )
    drain(worker)


def test_an_unreachable_source_ends_in_review_never_approve(
    config: Config, pool: SqlitePool
) -> None:
    calls = []

    def unreachable(name: str, cfg: SourceConfig, base_dir: Path) -> Source:
        calls.append((name, cfg.type, base_dir))
        raise SourceUnavailable(f"registry {NUMBER} lookup timed out")

    drain_registry_task(config, pool, unreachable)

    [result] = pool.results()
    assert result.status is TaskStatus.DEAD
    assert result.decision is Decision.REVIEW
    assert result.reasons == [ReasonCode.SOURCE_UNAVAILABLE]
    assert result.attempts == 3
    assert result.error is not None
    assert NUMBER not in result.error
    assert calls == [("registry", "flaky", config.base_dir)] * 3


def test_a_source_that_comes_back_is_connected_on_retry(config: Config, pool: SqlitePool) -> None:
    outcomes: Iterator[Exception | Source] = iter([SourceUnavailable("down"), Registry("registry")])

    def recovering(name: str, cfg: SourceConfig, base_dir: Path) -> Source:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    drain_registry_task(config, pool, recovering)

    [result] = pool.results()
    assert (result.status, result.decision, result.attempts) == ("done", "approve", 2)


def test_a_crash_is_retried_then_dead_without_personal_data(
    echo_plugin: ModuleType, config: Config, pool: SqlitePool
) -> None:
    messages: list[str] = []
    sink = logger.add(lambda message: messages.append(str(message)), level="DEBUG")
    try:
        pool.submit([application("A-1", segment="crash")])
        drain(Worker(config, pool, settings=FAST, bots={"echo": echo_plugin.EchoBot}))
    finally:
        logger.remove(sink)

    [result] = pool.results()
    assert (result.status, result.decision, result.attempts) == ("dead", "review", 3)
    assert result.error is not None
    assert result.error.startswith("KeyError at echo_bot.py:")
    written = "\n".join([result.error, *messages])
    assert NAME not in written
    assert NUMBER not in written
    attempts = [m for m in messages if "retry in" in m or "dead after" in m]
    assert len(attempts) == 3, messages  # two retries, one dead letter


def test_ocr_engine_is_loaded_once_and_only_when_a_bot_needs_it(
    echo_plugin: ModuleType, tmp_path: Path, pool: SqlitePool
) -> None:
    config = Config(base_dir=tmp_path, ocr=OcrConfig(engine="fake", threads=2))
    engines: list[OcrEngine] = []

    def factory(threads: int) -> OcrEngine:
        engines.append(FakeEngine(threads))
        return engines[-1]

    without_ocr = Worker(
        config, pool, bots={"echo": echo_plugin.EchoBot}, ocr_factories={"fake": factory}
    )
    assert (without_ocr.ocr, engines) == (None, [])

    pool.submit([application("A-1", kind="reader"), application("A-2", kind="reader")])
    without_ocr.permissions.grant(without_ocr.robot, OcrBot.scopes)  # the same robot
    with_ocr = Worker(
        config, pool, settings=FAST, bots={"reader": OcrBot}, ocr_factories={"fake": factory}
    )
    drain(with_ocr)

    [engine] = engines
    assert isinstance(engine, FakeEngine)
    assert (engine.threads, engine.reads) == (2, 2)
    assert [r.decision for r in pool.results()] == ["approve", "approve"]


def test_unknown_ocr_engine_or_source_type_stops_the_worker_at_start(
    config: Config, pool: SqlitePool
) -> None:
    with pytest.raises(ConfigError, match="engine 'rapidocr'"):
        Worker(config, pool, bots={"reader": OcrBot}, ocr_factories={})

    config.sources["gov_identity"] = SourceConfig(type="ldap")
    with pytest.raises(
        ConfigError, match=r"\[sources.gov_identity\] type 'ldap'.*known types: csv"
    ):
        Worker(
            config,
            pool,
            bots={"registry": RegistryBot},
            source_factories={"csv": lambda *a: Registry("x")},
        )


def test_a_stopped_worker_claims_nothing(
    echo_plugin: ModuleType, config: Config, pool: SqlitePool
) -> None:
    pool.submit([application("A-1")])
    stop = threading.Event()
    stop.set()

    assert Worker(config, pool, bots={"echo": echo_plugin.EchoBot}).run(stop) == 0
    assert waiting(pool) == 1


def test_only_kinds_with_a_bot_are_claimed(
    echo_plugin: ModuleType, config: Config, pool: SqlitePool
) -> None:
    pool.submit([application("A-1", kind="other"), application("A-2")])

    drain(Worker(config, pool, settings=FAST, bots={"echo": echo_plugin.EchoBot}))

    assert [(r.ref, r.status) for r in pool.results()] == [("A-1", "pending"), ("A-2", "done")]


class NeedsGovBot(Bot):
    name = "needs_gov"
    required_sources = ("gov_identity",)


def test_a_required_source_missing_from_the_config_stops_the_worker_at_start(
    config: Config, pool: SqlitePool
) -> None:
    with pytest.raises(ConfigError, match=r"needs_gov.*\[sources\.gov_identity\]"):
        Worker(config, pool, settings=FAST, bots={"needs_gov": NeedsGovBot})


class RuleBot(Bot):
    """Raises a business error when the segment says so, an application error otherwise."""

    name = "rule"

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        if application.segment == "business":
            raise BusinessError("employer is not a payroll partner")
        raise RuntimeError("registry client crashed")


def test_a_business_error_is_dead_at_once_an_application_error_is_retried(
    config: Config, pool: SqlitePool
) -> None:
    pool.submit([application("B-1", "rule", "business"), application("B-2", "rule", "system")])

    drain(Worker(config, pool, settings=FAST, bots={"rule": RuleBot}))

    results = {r.ref: r for r in pool.results()}
    assert (results["B-1"].status, results["B-1"].attempts) == (TaskStatus.DEAD, 1)
    assert "payroll partner" in (results["B-1"].error or "")
    assert (results["B-2"].status, results["B-2"].attempts) == (TaskStatus.DEAD, 3)
    assert {r.decision for r in results.values()} == {Decision.REVIEW}


def test_an_until_empty_worker_does_not_wait_for_tasks_its_robot_cannot_take(
    echo_plugin: ModuleType, config: Config, pool: SqlitePool
) -> None:
    pool.submit([application("NEEDS-TELECOM")], {"echo": ["source:telecom"]})
    pool.submit([application("A-1")])
    # the first worker grants its robot its bots' scopes: echo needs none, so no source:telecom
    worker = Worker(config, pool, settings=FAST, bots={"echo": echo_plugin.EchoBot})
    stop = threading.Event()
    running = threading.Thread(target=worker.run, args=(stop,), kwargs={"until_empty": True})

    running.start()
    running.join(timeout=30)
    returned_on_its_own = not running.is_alive()
    stop.set()
    running.join()

    assert returned_on_its_own, "the worker waited for a task it can never take"
    statuses = {r.ref: r.status for r in pool.results()}
    assert statuses == {"A-1": TaskStatus.DONE, "NEEDS-TELECOM": TaskStatus.PENDING}
