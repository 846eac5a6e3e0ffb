"""Every ``--help`` shows the config tables it names: rich markup must not eat
``[security]`` (write ``\\[security]`` in help text)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from robotlib.cli.app import app

#: a config table as help text names it, unescaped
TABLE = re.compile(r"(?<!\\)\[([a-z][a-z_.]*)\]")


def subcommand(group: Any, name: str) -> Any:
    """The command ``name`` of ``group``, the real one for a lazy command."""
    command = group.get_command(None, name)
    return getattr(command, "real", command)


def commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The path of every command and command group under ``group``, lazy ones included."""
    for name in group.list_commands(None):
        command = subcommand(group, name)
        yield (*path, name)
        if hasattr(command, "commands"):
            yield from commands(command, (*path, name))


def help_texts(path: tuple[str, ...]) -> list[str]:
    """The raw help of the command at ``path`` and of its parameters."""
    command: Any = typer.main.get_command(app)
    for name in path:
        command = subcommand(command, name)
    return [command.help or "", *(getattr(p, "help", None) or "" for p in command.params)]


@pytest.mark.slow
def test_every_config_table_named_in_help_is_shown() -> None:
    lost = []
    for path in commands(typer.main.get_command(app)):
        tables = {t for text in help_texts(path) for t in TABLE.findall(text)}
        if not tables:
            continue
        shown = CliRunner().invoke(app, [*path, "--help"], terminal_width=300).stdout
        flat = " ".join(shown.split())
        lost += [f"veribot {' '.join(path)}: [{t}]" for t in tables if f"[{t}]" not in flat]
    assert lost == []
