"""Driving veribot as an operator does: CLI commands in-process, workers as real processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner, Result

from robotlib.cli.app import app
from robotlib.model import ResultRecord


def veribot(*args: str) -> Result:
    """Run one veribot command in this process."""
    return CliRunner().invoke(app, list(args))


def verified_world(out: Path, *options: str) -> Path:
    """A ``veribot sandbox world`` with ``options`` in ``out``, submitted and verified."""
    made = veribot("sandbox", "world", *options, "--out", str(out))
    assert made.exit_code == 0, made.output
    submit_and_run(out)
    return out


def submit_and_run(world: Path) -> None:
    """Submit ``world``'s applications and verify them with two real worker processes (their
    own logs, verbose, go to ``world/run.log``); then let the operator read personal data
    (``pii:read``), as ``exported_results`` needs."""
    config = str(world / "veribot.toml")
    submitted = veribot("--config", config, "submit", str(world / "applications.jsonl"))
    assert submitted.exit_code == 0, submitted.output
    command = str(Path(sys.executable).with_name("veribot"))
    ran = subprocess.run(
        [command, "--verbose", "--config", config, "run", "--workers", "2", "--until-empty"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    (world / "run.log").write_text(ran.stdout + ran.stderr, encoding="utf-8")
    granted = veribot("--config", config, "robots", "grant", "default", "pii:read")
    assert granted.exit_code == 0, granted.output


def exported_results(world: Path) -> list[ResultRecord]:
    """Every result of ``world``'s pool, unmasked, as ``veribot results`` exports them."""
    exported = veribot(
        "--config", str(world / "veribot.toml"), "results", "--format", "jsonl", "--unmask"
    )
    assert exported.exit_code == 0, exported.output
    return [ResultRecord.model_validate_json(line) for line in exported.output.splitlines()]
