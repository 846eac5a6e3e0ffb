"""An installed plugin that fails to import is named in one line, with its distribution, and
every command goes on without it; ``veribot plugins`` and ``status`` show the failure.

The broken distribution is a ``.dist-info`` folder and a module on a temporary PYTHONPATH:
nothing is installed into the venv.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from robotlib.plugins.host import (
    BUILT_IN,
    LOAD_ENV,
    get_bots,
    get_plugin_manager,
    plugin_failures,
)

#: the console script of the venv running the tests
VERIBOT = str(Path(sys.executable).with_name("veribot"))
PLUGIN, DISTRIBUTION = "broken_bot", "veribot-broken-bot 0.3"


@pytest.fixture
def broken_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a host with the broken distribution installed."""
    site = tmp_path / "site"
    info = site / "veribot_broken_bot-0.3.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: veribot-broken-bot\nVersion: 0.3\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[veribot]\n{PLUGIN} = veribot_broken_bot.plugin\n", encoding="utf-8"
    )
    package = site / "veribot_broken_bot"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    # a dependency that is not installed
    (package / "plugin.py").write_text("import veribot_missing_dependency\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != LOAD_ENV}
    env["PYTHONPATH"] = os.pathsep.join([str(site), *filter(None, [os.environ.get("PYTHONPATH")])])
    env["COLUMNS"] = "200"
    (tmp_path / "veribot.toml").write_text(
        '[database]\nurl = "sqlite:///var/pool.db"\n', encoding="utf-8"
    )
    return env


def veribot(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [VERIBOT, "--config", str(tmp_path / "veribot.toml"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )


def the_one_warning(stderr: str) -> str:
    """The line naming the broken plugin; fails unless there is exactly one, and no traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if PLUGIN in line]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("command", [["init"], ["status"], ["plugins"], ["init", "--help"]])
def test_every_command_names_the_broken_plugin_once_and_runs(
    tmp_path: Path, broken_env: dict[str, str], command: list[str]
) -> None:
    done = veribot(tmp_path, broken_env, *command)
    assert done.returncode == 0, done.stderr
    warning = the_one_warning(done.stderr)
    assert DISTRIBUTION in warning, warning
    assert "veribot_missing_dependency" in warning, warning


def test_plugins_and_status_show_the_failure(tmp_path: Path, broken_env: dict[str, str]) -> None:
    listed = veribot(tmp_path, broken_env, "plugins", "--json")
    assert listed.returncode == 0, listed.stderr
    plugins = {d["name"]: d for d in map(json.loads, listed.stdout.splitlines())}
    assert plugins[PLUGIN]["distribution"] == DISTRIBUTION
    assert "ModuleNotFoundError" in plugins[PLUGIN]["error"]
    assert plugins["bots.personal_account"]["hooks"] == ["register_bots"]

    status = veribot(tmp_path, broken_env, "status", "--json")
    assert status.returncode == 0, status.stderr
    [failed] = json.loads(status.stdout)["failed_plugins"]
    assert (failed["plugin"], failed["distribution"]) == (PLUGIN, DISTRIBUTION)

    human = veribot(tmp_path, broken_env, "status")
    assert f"plugin '{PLUGIN}' of distribution {DISTRIBUTION} cannot be loaded" in human.stdout


def test_a_broken_plugin_named_in_load_plugins_stops_with_one_line(
    tmp_path: Path, broken_env: dict[str, str]
) -> None:
    done = veribot(tmp_path, {**broken_env, LOAD_ENV: PLUGIN}, "plugins")
    assert done.returncode == 1
    warning = the_one_warning(done.stderr)
    assert warning.startswith("error:"), warning
    assert DISTRIBUTION in warning, warning


def test_a_built_in_bot_package_missing_from_disk_leaves_the_others_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(LOAD_ENV, raising=False)
    monkeypatch.setitem(sys.modules, "bots.merchant_account", None)  # import raises ImportError
    get_plugin_manager.cache_clear()
    try:
        [failure] = plugin_failures()
        bots = get_bots()
    finally:
        get_plugin_manager.cache_clear()
    assert (failure.name, failure.distribution) == ("bots.merchant_account", BUILT_IN)
    assert "personal_account" in bots
    assert "merchant_account" not in bots
