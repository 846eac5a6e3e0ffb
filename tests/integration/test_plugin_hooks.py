"""One ``test_hook_<name>`` per hook (tests/unit/test_plugin_docs.py checks there is one):
a test plugin is registered, a real worker runs tasks over a real SQLite pool, and the test
checks what the hook saw or changed."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest
import typer
from typer.testing import CliRunner

from robotlib.audit.events import DECISION, AuditEvent
from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.cli.plugin_commands import add_plugin_commands
from robotlib.config import Config, OcrConfig, SourceConfig
from robotlib.errors import PluginError
from robotlib.model import Application, ReasonCode, ResultRecord, Task, TaskStatus
from robotlib.plugins.host import (
    LOAD_ENV,
    get_bots,
    get_ocr_engine_factories,
    get_plugin_manager,
    hookimpl,
)
from robotlib.sources.base import Source
from scheduler.audit_log import AuditLog
from scheduler.pool import SqlitePool
from scheduler.worker import Worker
from tests.helpers.plugins import registered
from tests.helpers.worker_tasks import (
    FAST,
    NAME,
    NUMBER,
    FakeEngine,
    OcrBot,
    application,
    drain,
)


def run_worker(config: Config, pool: SqlitePool, **worker_args: Any) -> Worker:
    """A worker with ``worker_args``, run until the pool is empty."""
    worker = Worker(config, pool, settings=FAST, **worker_args)
    drain(worker)
    return worker


def result_of(pool: SqlitePool, ref: str) -> ResultRecord:
    return next(result for result in pool.results() if result.ref == ref)


class PlainBot(Bot):
    name = "plain"

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        return BotOutcome()


class Plugin:
    """A test plugin: the hooks it implements are added by each test's subclass."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []


@pytest.fixture
def core_plugins_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No bot plugin loaded (an empty ``VERIBOT_LOAD_PLUGINS``): only the core plugins."""
    monkeypatch.setenv(LOAD_ENV, "")
    get_plugin_manager.cache_clear()
    try:
        yield
    finally:
        get_plugin_manager.cache_clear()


@pytest.mark.usefixtures("core_plugins_only")
def test_hook_register_bots(tmp_path: Path, pool: SqlitePool) -> None:
    class Registers(Plugin):
        @hookimpl
        def register_bots(self, register: Callable[[type[Bot]], None]) -> None:
            register(PlainBot)

    with registered(Registers(), "plain-plugin"):
        assert get_bots()["plain"] is PlainBot
        pool.submit([application("B-1", kind="plain")])
        run_worker(Config(base_dir=tmp_path), pool)
    assert result_of(pool, "B-1").decision == "approve"
    assert "plain" not in get_bots()


class Answering(Source):
    """A source that answers every question with the name it was configured under."""

    def ask(self) -> str:
        return self.name


class AskingBot(Bot):
    name = "asking"
    scopes: ClassVar[frozenset[str]] = frozenset({"source:registry"})
    required_sources = ("registry",)

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        answer = ctx.source("registry").ask()  # type: ignore[attr-defined]
        out = BotOutcome()
        if answer != "registry":
            out.add(ReasonCode.GOV_MISMATCH)
        return out


def test_hook_register_sources(tmp_path: Path, pool: SqlitePool) -> None:
    built: list[tuple[str, str]] = []

    def factory(name: str, config: SourceConfig, base_dir: Path) -> Source:
        built.append((name, config.type))
        return Answering(name)

    class Registers(Plugin):
        @hookimpl
        def register_sources(self, register: Callable[[str, Any], None]) -> None:
            register("answering", factory)

    config = Config(base_dir=tmp_path, sources={"registry": SourceConfig(type="answering")})
    pool.submit([application("S-1", kind="asking")], {"asking": AskingBot.scopes})
    with registered(Registers(), "answering-plugin"):
        run_worker(config, pool, bots={"asking": AskingBot})
    assert built == [("registry", "answering")]
    result = result_of(pool, "S-1")
    assert (result.decision, result.reasons) == ("approve", [])
    queries = [e for e in AuditLog(pool).of_ref("S-1") if e.action == "source.query"]
    assert len(queries) == 1
    assert '"source":"registry"' in queries[0].detail


def test_hook_register_ocr_engines(tmp_path: Path, pool: SqlitePool) -> None:
    class Registers(Plugin):
        @hookimpl
        def register_ocr_engines(self, register: Callable[[str, Any], None]) -> None:
            register("counting", FakeEngine)

    config = Config(base_dir=tmp_path, ocr=OcrConfig(engine="counting", threads=2))
    pool.submit([application("O-1", kind="reader")], {"reader": OcrBot.scopes})
    with registered(Registers(), "counting-plugin"):
        assert get_ocr_engine_factories()["counting"] is FakeEngine
        worker = run_worker(config, pool, bots={"reader": OcrBot})
    assert isinstance(worker.ocr, FakeEngine)
    assert (worker.ocr.threads, worker.ocr.reads) == (2, 1)


def cli_with_builtin() -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def plugins() -> None:
        """A built-in command."""

    @app.command()
    def status() -> None:
        """Another one, so typer keeps subcommands."""

    return app


def test_hook_register_commands() -> None:
    class Adds(Plugin):
        @hookimpl
        def register_commands(self, app: typer.Typer) -> None:
            @app.command()
            def payroll_report(month: str) -> None:
                typer.echo(f"report for {month}")

    app = cli_with_builtin()
    with registered(Adds(), "report-plugin"):
        add_plugin_commands(app)
    result = CliRunner().invoke(app, ["payroll-report", "2026-11"])
    assert result.exit_code == 0, result.output
    assert result.output == "report for 2026-11\n"


def test_a_plugin_command_may_not_take_a_built_in_name() -> None:
    class Clashes(Plugin):
        @hookimpl
        def register_commands(self, app: typer.Typer) -> None:
            @app.command()
            def plugins() -> None:
                """Shadows the built-in."""

    with (
        registered(Clashes(), "clashing-plugin"),
        pytest.raises(PluginError, match=r"plugin clashing-plugin adds the command 'plugins'"),
    ):
        add_plugin_commands(cli_with_builtin())


def test_hook_worker_started(echo_plugin: ModuleType, tmp_path: Path, pool: SqlitePool) -> None:
    class Watches(Plugin):
        @hookimpl
        def worker_started(self, worker_id: str, config: Config) -> None:
            self.calls.append((worker_id, config.base_dir))

    watcher = Watches()
    with registered(watcher, "watcher"):
        Worker(Config(base_dir=tmp_path), pool, settings=FAST, worker_id="host-a:1")
    assert watcher.calls == [("host-a:1", tmp_path)]


def test_hook_task_started(echo_plugin: ModuleType, tmp_path: Path, pool: SqlitePool) -> None:
    class Watches(Plugin):
        @hookimpl
        def task_started(self, task: Task, bot: Bot) -> None:
            self.calls.append((task.ref, task.kind, task.attempts, bot.name))

    watcher = Watches()
    pool.submit([application("T-1"), application("T-2")])
    with registered(watcher, "watcher"):
        run_worker(Config(base_dir=tmp_path), pool)
    assert watcher.calls == [("T-1", "echo", 1, "echo"), ("T-2", "echo", 1, "echo")]


def test_hook_run_task(echo_plugin: ModuleType, tmp_path: Path, pool: SqlitePool) -> None:
    """A wrapper sees the bot's outcome and may change it before the policy decides."""

    class Wraps(Plugin):
        @hookimpl(wrapper=True)
        def run_task(
            self, task: Task, bot: Bot, application: Application, context: BotContext
        ) -> Generator[None, BotOutcome, BotOutcome]:
            self.calls.append(("before", task.ref))
            outcome = yield
            self.calls.append(("after", task.ref, list(outcome.reasons)))
            outcome.add(ReasonCode.GREYLIST_HIT)
            return outcome

    wrapper = Wraps()
    pool.submit([application("R-1")])
    with registered(wrapper, "wrapper"):
        run_worker(Config(base_dir=tmp_path), pool)
    assert wrapper.calls == [("before", "R-1"), ("after", "R-1", [])]
    result = result_of(pool, "R-1")
    assert (result.decision, result.reasons) == ("review", ["GREYLIST_HIT"])


def test_hook_task_finished(echo_plugin: ModuleType, tmp_path: Path, pool: SqlitePool) -> None:
    """The events a plugin returns are stored with the result, after the decision's own."""

    class Alerts(Plugin):
        @hookimpl
        def task_finished(
            self, task: Task, bot: Bot, result: ResultRecord, robot: str
        ) -> list[AuditEvent]:
            self.calls.append((task.ref, result.decision))
            return [AuditEvent(robot, "alert.review", task.ref, {"bot": bot.name})]

    alerts = Alerts()
    pool.submit([application("F-1", segment="review")])
    with registered(alerts, "alerts"):
        run_worker(Config(base_dir=tmp_path), pool)
    assert alerts.calls == [("F-1", "review")]
    actions = [entry.action for entry in AuditLog(pool).of_ref("F-1")]
    assert actions == [DECISION, "alert.review"]
    assert AuditLog(pool).verify()[1] is None


def test_hook_task_failed(echo_plugin: ModuleType, tmp_path: Path, pool: SqlitePool) -> None:
    """Every failed attempt is reported with its status; the error has no personal data."""

    class Watches(Plugin):
        @hookimpl
        def task_failed(self, task: Task, bot: Bot, error: str, status: TaskStatus | None) -> None:
            self.calls.append((task.ref, task.attempts, status, error))

    watcher = Watches()
    pool.submit([application("X-1", segment="crash")])
    with registered(watcher, "watcher"):
        run_worker(Config(base_dir=tmp_path), pool)
    assert [(ref, attempts, status) for ref, attempts, status, _ in watcher.calls] == [
        ("X-1", 1, TaskStatus.FAILED),
        ("X-1", 2, TaskStatus.FAILED),
        ("X-1", 3, TaskStatus.DEAD),
    ]
    errors = " ".join(error for *_, error in watcher.calls)
    assert "KeyError" in errors
    assert NAME not in errors
    assert NUMBER not in errors
