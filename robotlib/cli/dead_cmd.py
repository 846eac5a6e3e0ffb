"""``veribot dead list|requeue``: the dead-letter queue, tasks that used up their attempts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Annotated

import typer
from rich.table import Table

from robotlib.cli.context import console, err_console
from robotlib.cli.pool_access import OptionalRefs, chosen_refs, configured_pool, report_refs
from robotlib.masking import mask_text
from robotlib.model import ResultRecord

dead_app = typer.Typer(
    name="dead",
    help="Tasks that failed on every attempt: list them, or send them back to the pool.",
    no_args_is_help=True,
)


def dead_rows(records: Iterable[ResultRecord]) -> list[dict[str, object]]:
    """Ref, attempts and error of each dead task: nothing else, so no personal data.

    Errors are stored without personal data; they are masked again in case a
    plugin's message slipped an identity or phone number through.
    """
    return [
        {"ref": record.ref, "attempts": record.attempts, "error": mask_text(record.error or "")}
        for record in records
    ]


@dead_app.command("list")
def list_dead(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many dead tasks.")] = 100,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="One JSON object per dead task: ref, attempts, error."),
    ] = False,
) -> None:
    """List dead tasks, longest dead first, with attempts and last error (no personal data)."""
    with configured_pool(ctx) as pool:
        rows = dead_rows(pool.dead(limit + 1))  # one more tells whether there are more
    more = len(rows) > limit
    del rows[limit:]
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
    elif not rows:
        typer.echo("no dead tasks")
    else:
        table = Table(box=None, pad_edge=False, header_style="bold")
        table.add_column("ref", no_wrap=True)
        table.add_column("try", justify="right")
        table.add_column("error", overflow="fold")
        for row in rows:
            table.add_row(str(row["ref"]), str(row["attempts"]), str(row["error"]))
        console.print(table)
    if more:
        err_console.print(f"showing the first {limit} dead tasks; --limit shows more")


@dead_app.command()
def requeue(
    ctx: typer.Context,
    refs: OptionalRefs = None,
    every: Annotated[bool, typer.Option("--all", help="Requeue every dead task.")] = False,
) -> None:
    """Send dead tasks back to the pool with fresh attempts; their dead result is dropped.

    A ref that is unknown or not dead is named on stderr and the exit status
    is 1; the other refs are still requeued.
    """
    named = chosen_refs(refs, every, "--all")
    with configured_pool(ctx) as pool:
        requeued = pool.requeue_dead(named)
    report_refs("requeued", named, requeued, "unknown ref, or not dead")


def register(app: typer.Typer) -> None:
    """Add the ``dead`` command group to ``app``."""
    app.add_typer(dead_app)
