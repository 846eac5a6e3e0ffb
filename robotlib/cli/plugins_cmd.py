"""``veribot plugins``: what is loaded and which hooks each plugin implements."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from robotlib.cli.context import console
from robotlib.plugins.host import describe_plugins, implementers


def plugins(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per plugin.")] = False,
    hook: Annotated[
        str | None,
        typer.Option(
            "--hook", metavar="NAME", help="Only the plugins implementing this hook, in call order."
        ),
    ] = None,
) -> None:
    """List loaded plugins (built-in and installed) and the hooks each implements."""
    if hook is not None:
        names = implementers(hook)
        if as_json:
            typer.echo(json.dumps({"hook": hook, "plugins": names}))
        else:
            for name in names:
                typer.echo(name)
        return
    rows = describe_plugins()
    if as_json:
        for name, hooks in rows:
            typer.echo(json.dumps({"name": name, "hooks": hooks}))
        return
    table = Table("plugin", "hooks")
    for name, hooks in rows:
        table.add_row(name, ", ".join(hooks))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(plugins)
