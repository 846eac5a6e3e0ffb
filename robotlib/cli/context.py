"""State shared by the commands: the chosen config, loaded once; one way to fail."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from robotlib.config import Config, load_config
from robotlib.errors import VeribotError

console = Console()
err_console = Console(stderr=True)


@dataclass
class CliState:
    """What the top-level options set for every command: the config file and verbosity."""

    config_path: Path | None = None
    verbose: bool = False
    _config: Config | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        """The configuration, loaded on first use; a bad file ends the command with one line."""
        if self._config is None:
            try:
                self._config = load_config(self.config_path)
            except VeribotError as exc:
                fail(str(exc))
        return self._config


def state(ctx: typer.Context) -> CliState:
    """The ``CliState`` of the running command (a fresh one when the root set none)."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, CliState) else CliState()


def print_error(message: str) -> None:
    """Print ``error: message`` on stderr as one line."""
    # soft_wrap: one error stays one line in logs and CI output, whatever the width
    # escape: messages name config tables ([sources.x]), which rich would take for markup
    err_console.print(
        f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True, soft_wrap=True
    )


def fail(message: str) -> NoReturn:
    """Print one clear line on stderr and exit with status 1 (inside a command)."""
    print_error(message)
    raise typer.Exit(1)
