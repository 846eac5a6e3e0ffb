"""``veribot status``: how many tasks are in each state."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from robotlib.cli.context import console
from robotlib.cli.pool_access import configured_pool


def status(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object: state -> count.")
    ] = False,
) -> None:
    """Count the tasks in each state: pending, running, done, failed, dead."""
    with configured_pool(ctx) as pool:
        counts = pool.counts()
    if as_json:
        typer.echo(json.dumps({state.value: count for state, count in counts.items()}))
        return
    table = Table("state", "tasks")
    for state, count in counts.items():
        table.add_row(state.value, str(count))
    table.add_section()
    table.add_row("total", str(sum(counts.values())))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command()(status)
