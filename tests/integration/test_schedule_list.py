"""``veribot schedule list`` in a narrow terminal wraps long values instead of cutting them."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from robotlib.cli.app import app

COMMAND = "robot --rpa --outputdir var/robot/overnight --variable INBOX:/srv/inbox/payroll x.robot"


def test_schedule_list_shows_every_command_whole_in_80_columns(tmp_path: Path) -> None:
    config = tmp_path / "veribot.toml"
    config.write_text('[database]\nurl = "sqlite:///var/pool.db"\n', encoding="utf-8")
    runner = CliRunner()
    add = ["--config", str(config), "schedule", "add", "payroll-overnight-batch", "0 2 * * *"]
    added = runner.invoke(app, [*add, "--tz", "Asia/Shanghai", "--", *COMMAND.split()])
    assert added.exit_code == 0, added.output

    listed = runner.invoke(app, ["--config", str(config), "schedule", "list"], terminal_width=80)

    assert listed.exit_code == 0, listed.output
    assert "…" not in listed.stdout, listed.stdout
    lines = listed.stdout.splitlines()
    assert column(lines, "command", None) == COMMAND.replace(" ", ""), listed.stdout
    assert column(lines, "name", "cron") == "payroll-overnight-batch", listed.stdout


def column(lines: list[str], title: str, next_title: str | None) -> str:
    """The text of a table column, its wrapped pieces joined, spaces removed."""
    header = next(i for i, line in enumerate(lines) if title in line.split())
    start = lines[header].index(title)
    end = None if next_title is None else lines[header].index(next_title)
    return "".join(line[start:end] for line in lines[header + 1 :]).replace(" ", "")
