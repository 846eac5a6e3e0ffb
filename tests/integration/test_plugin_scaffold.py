"""docs/plugins.md "Write your first bot", done as a new user does it: the commands of the
``first-bot`` block run as written, in a fresh folder, with this venv's tools first on PATH.

The generated package is really installed into this venv (editable) and really tested with
pytest; it is uninstalled afterwards whatever happened, so the venv stays as it was.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "plugins.md"
VENV_BIN = Path(sys.executable).parent
BLOCK = re.compile(r"<!-- first-bot:[^>]*-->\n```bash\n(.*?)```", re.DOTALL)
DISTRIBUTION = "veribot-payroll-check"


def first_bot_commands() -> list[str]:
    [block] = BLOCK.findall(DOCS.read_text(encoding="utf-8"))
    return [line for line in block.splitlines() if line.strip()]


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"}
    # the user's shell knows nothing of this test session's choice of plugins
    env.pop("VERIBOT_LOAD_PLUGINS", None)
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_the_docs_give_the_commands_a_new_user_needs() -> None:
    commands = first_bot_commands()
    assert commands[0].startswith("veribot bots new payroll_check")
    assert any(command.startswith("pip install -e") for command in commands)
    assert any(command.startswith("pytest") for command in commands)


def test_write_your_first_bot_as_documented(tmp_path: Path) -> None:
    outputs: dict[str, str] = {}
    try:
        for command in first_bot_commands():
            done = run(command, tmp_path)
            assert done.returncode == 0, f"{command!r} failed:\n{done.stdout}\n{done.stderr}"
            outputs[command.split()[0] + " " + command.split()[1]] = done.stdout
        listed = run("veribot plugins --json", tmp_path)
        assert listed.returncode == 0, listed.stderr
        plugins = {json.loads(line)["name"] for line in listed.stdout.splitlines()}
        assert "payroll_check" in plugins
    finally:
        run(f"pip uninstall -y -q {DISTRIBUTION}", tmp_path)
    assert "payroll_check" in outputs["veribot plugins"].split()
    assert " 2 passed" in outputs["pytest plugins/payroll_check"]
    gone = run("veribot plugins --hook register_bots", tmp_path)
    assert "payroll_check" not in gone.stdout.split()
