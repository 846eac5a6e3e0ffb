"""VERIBOT_TRACE_PLUGINS and the core metrics plugin, around a real worker and pool."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from typer.testing import CliRunner

from robotlib.cli.app import app
from robotlib.cli.plugin_commands import add_plugin_commands
from robotlib.config import Config, MetricsConfig
from robotlib.metrics import read_summaries
from robotlib.plugins.host import get_plugin_manager
from robotlib.plugins.trace import TRACE_ENV, install_trace
from scheduler.pool import SqlitePool
from scheduler.worker import Worker
from tests.helpers.worker_tasks import FAST, NAME, NUMBER, application, drain

REPO = Path(__file__).resolve().parents[2]
#: the console script of the venv running the tests
VERIBOT = str(Path(sys.executable).with_name("veribot"))


def test_a_trace_names_hooks_plugins_and_refs_never_the_applicant(
    echo_plugin: ModuleType, tmp_path: Path, pool: SqlitePool
) -> None:
    lines: list[str] = []
    stop = install_trace(get_plugin_manager(), lines.append)
    try:
        pool.submit([application("TR-1", segment="review"), application("TR-2", segment="crash")])
        drain(Worker(Config(base_dir=tmp_path), pool, settings=FAST))
    finally:
        stop()
    text = "".join(lines)
    assert "task_started(task=Task(ref=TR-1, kind=echo, attempts=1), bot=Bot(echo))" in text
    assert "run_task(" in text
    assert "application=Application(ref=TR-1, kind=echo)" in text
    assert "reasons=['GREYLIST_HIT']" in text
    assert "plugins=[robotlib.metrics.plugin, robotlib.plugins.run_task_plugin]" in text
    assert "raised KeyError" in text  # the crash, seen through run_task
    assert "task_failed(" in text
    assert "status=TaskStatus" in text
    assert NAME not in text
    assert NUMBER not in text


def veribot(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The console script run with ``args`` and exactly ``env``."""
    return subprocess.run(
        [VERIBOT, *args], capture_output=True, text=True, env=env, cwd=REPO, check=False
    )


def test_veribot_trace_plugins_prints_hook_calls_to_stderr() -> None:
    done = veribot(["plugins", "--hook", "register_bots"], {**os.environ, TRACE_ENV: "1"})
    assert done.returncode == 0, done.stderr
    assert "bots.personal_account" in done.stdout
    assert "veribot trace: register_commands(app=Typer) plugins=[" in done.stderr


def test_without_the_variable_nothing_is_traced() -> None:
    done = veribot(["plugins", "--json"], {k: v for k, v in os.environ.items() if k != TRACE_ENV})
    assert done.returncode == 0, done.stderr
    assert "veribot trace:" not in done.stderr


def test_workers_write_metrics_that_veribot_metrics_sums_per_bot(
    echo_plugin: ModuleType, tmp_path: Path, pool: SqlitePool
) -> None:
    config = Config(base_dir=tmp_path, metrics=MetricsConfig(textfile_dir=Path("metrics")))
    pool.submit(
        [
            application("M-1"),
            application("M-2", segment="review"),
            application("M-3", segment="crash"),
        ]
    )
    drain(Worker(config, pool, settings=FAST, worker_id="host-a:1"))
    drain(Worker(config, pool, settings=FAST, worker_id="host-b:2"))  # finds nothing left

    [textfile] = sorted((tmp_path / "metrics").glob("*.prom"))
    assert textfile.name == "veribot-host-a-1.prom"
    text = textfile.read_text(encoding="utf-8")
    assert NAME not in text
    assert NUMBER not in text
    [echo] = read_summaries(tmp_path / "metrics")
    assert (echo.bot, echo.started, echo.decisions) == ("echo", 5, {"approve": 1, "review": 1})
    assert echo.failures == {"failed": 2, "dead": 1}
    assert echo.duration_count == 5  # failed runs are timed too

    add_plugin_commands(app)
    config_file = tmp_path / "veribot.toml"
    config_file.write_text('[metrics]\ntextfile_dir = "metrics"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(config_file), "metrics", "--json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)
    assert (row["bot"], row["finished"], row["failed"]) == ("echo", 2, 3)
    assert row["seconds_p95_at_most"] is not None


def test_veribot_metrics_says_how_to_turn_metrics_on(tmp_path: Path) -> None:
    add_plugin_commands(app)
    config_file = tmp_path / "veribot.toml"
    config_file.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(config_file), "metrics"])
    assert result.exit_code == 1
    assert "set [metrics] textfile_dir" in result.output
