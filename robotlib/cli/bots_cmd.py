"""``veribot bots``: working on bot plugins (``bots new`` generates one)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from robotlib.cli.context import console
from robotlib.scaffold import BotNames, new_bot_package

bots_app = typer.Typer(help="Write bot plugins.", no_args_is_help=True)


@bots_app.command("new")
def new(
    name: Annotated[str, typer.Argument(help="The bot's name and task kind, lower_snake_case.")],
    folder: Annotated[
        Path,
        typer.Option("--dir", help="Where the package folder NAME is created.", file_okay=False),
    ] = Path(),
) -> None:
    """Generate a pip-installable bot plugin package: a bot, its plugin module, a README and
    a passing test that runs the bot on a sandbox application."""
    target = new_bot_package(name, folder)
    names = BotNames.of(name)
    console.print(f"created {target} (package {names.package}, bot class {names.class_name})")
    console.print(f"next: pip install -e {target} && pytest {target}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``bots`` command group to ``app``."""
    app.add_typer(bots_app, name="bots")
