"""``veribot results``: the result record of every task, for machines or masked for people."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from robotlib.cli.context import console
from robotlib.cli.pool_access import configured_pool
from robotlib.masking import mask_id_number, mask_name
from robotlib.model import ResultRecord, TaskStatus


class OutputFormat(StrEnum):
    #: one contract result record (JSON) per line, values unmasked
    JSONL = "jsonl"
    #: a table for people; names and identity numbers masked
    TABLE = "table"


def results(
    ctx: typer.Context,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="table: for people, names and numbers masked; "
            "jsonl: one result record per line, full values.",
        ),
    ] = OutputFormat.TABLE,
    status: Annotated[
        TaskStatus | None,
        typer.Option("--status", "-s", help="Only tasks in this state."),
    ] = None,
) -> None:
    """Print the result of every application in the pool, ordered by ref."""
    with configured_pool(ctx) as pool:
        if output_format is OutputFormat.JSONL:
            for record in pool.results(status):
                # ``error`` only appears on dead tasks: the contract record stays as documented
                hide = {"error"} if record.error is None else None
                typer.echo(record.model_dump_json(exclude=hide))
        else:
            console.print(results_table(pool.results(status)))


def results_table(records: Iterable[ResultRecord]) -> Table:
    """Results for people: names and identity numbers masked."""
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("ref", "status", "decision", "name", "id number", "risk", "try"):
        table.add_column(column, no_wrap=True)
    table.add_column("reasons", overflow="fold")
    for record in records:
        table.add_row(
            record.ref,
            record.status.value,
            record.decision.value if record.decision else "",
            mask_name(record.fields.name),
            mask_id_number(record.fields.id_number),
            "" if record.risk_score is None else f"{record.risk_score:.2f}",
            str(record.attempts),
            ", ".join(record.reasons),
        )
    return table


def register(app: typer.Typer) -> None:
    app.command()(results)
