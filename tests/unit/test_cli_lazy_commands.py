"""``veribot --help`` imports neither the sandbox nor its web stack; lazy commands still run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from robotlib.cli.app import LAZY_COMMANDS, app
from robotlib.cli.plugin_commands import command_names

#: what a plain ``veribot --help`` must not import: the sandbox is a tool, its service needs
#: an extra that a bot worker's host does not install
HEAVY = ("robotlib.sandbox", "fastapi", "uvicorn", "starlette", "multipart")

#: runs ``veribot ARGS`` through the console-script entry point, then prints the loaded modules
LOADED_AFTER = """
import json, sys
from robotlib.cli.app import main
sys.argv = ["veribot", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


#: this checkout, imported by the child process whatever its working folder
ROOT = Path(__file__).resolve().parents[2]


def modules_loaded_by(*args: str, cwd: Path | None = None) -> list[str]:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-c", LOADED_AFTER, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def test_help_imports_no_sandbox_fastapi_or_uvicorn() -> None:
    loaded = modules_loaded_by("--help")
    assert "robotlib.cli.app" in loaded
    assert heavy(loaded) == []


def test_status_imports_no_sandbox_fastapi_or_uvicorn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a bot worker's host without the sandbox extra reads its pool: the defaults, in tmp_path
    monkeypatch.delenv("VERIBOT_CONFIG", raising=False)
    loaded = modules_loaded_by("status", cwd=tmp_path)
    assert "robotlib.cli.status_cmd" in loaded
    assert heavy(loaded) == []


def test_sandbox_help_imports_the_sandbox_but_not_its_service() -> None:
    # the check above would pass with a CLI that never imports anything: this one shows the
    # probe sees a lazy command's module once it is used
    loaded = modules_loaded_by("sandbox", "--help")
    assert "robotlib.sandbox.commands" in loaded
    assert [m for m in heavy(loaded) if not m.startswith("robotlib.sandbox")] == []


def test_top_level_help_lists_the_lazy_commands_with_their_summary() -> None:
    shown = CliRunner().invoke(app, ["--help"])
    assert shown.exit_code == 0, shown.output
    # the words in order, without the box and the wrapping rich draws
    words = " ".join(shown.stdout.replace("│", " ").split())
    for lazy in LAZY_COMMANDS:
        assert f"{lazy.name} {lazy.summary}" in words


@pytest.mark.parametrize("lazy", LAZY_COMMANDS, ids=lambda lazy: lazy.name)
def test_lazy_summary_is_the_real_commands_first_line(lazy: Any) -> None:
    real = typer.main.get_command(lazy.load())
    assert lazy.summary == real.get_short_help_str(limit=1000)


def test_lazy_group_runs_its_subcommands() -> None:
    shown = CliRunner().invoke(app, ["sandbox", "world", "--help"], terminal_width=300)
    assert shown.exit_code == 0, shown.output
    assert "--merchants" in shown.stdout


def test_unknown_lazy_subcommand_is_refused() -> None:
    refused = CliRunner().invoke(app, ["sandbox", "nowhere"])
    assert refused.exit_code == 2
    assert "No such command 'nowhere'" in refused.output


def test_plugins_cannot_take_a_lazy_commands_name() -> None:
    assert {lazy.name for lazy in LAZY_COMMANDS} <= command_names(app)


def test_sandbox_serve_without_the_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a host without ``veribot[sandbox]``: importing uvicorn fails
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    refused = CliRunner().invoke(app, ["sandbox", "serve", "--world", "nowhere"])
    assert refused.exit_code == 1
    assert "pip install 'veribot[sandbox]'" in refused.output
    assert "uvicorn" in refused.output
