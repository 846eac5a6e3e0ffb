"""``veribot results``: the result record of every task, for machines or masked for people."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from robotlib.cli.context import console, fail
from robotlib.cli.pool_access import configured_pool
from robotlib.cli.unmask_grant import authorise_unmasked
from robotlib.masking import mask_address, mask_id_number, mask_name, mask_text
from robotlib.model import ResultRecord, TaskStatus


class OutputFormat(StrEnum):
    """How ``veribot results`` writes the records."""

    #: one contract result record (JSON) per line; personal fields masked unless --unmask
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
            help="table: for people; jsonl: one result record per line. Names, identity "
            "numbers and addresses are masked in both unless --unmask.",
        ),
    ] = OutputFormat.TABLE,
    status: Annotated[
        TaskStatus | None,
        typer.Option("--status", "-s", help="Only tasks in this state."),
    ] = None,
    id_number: Annotated[
        str | None,
        typer.Option(
            "--id-number", help="Only the applications of this identity number (keyed lookup)."
        ),
    ] = None,
    unmask: Annotated[
        bool,
        typer.Option(
            "--unmask",
            help="Full values in jsonl. Needs the pii:read grant of --as; the export is audited.",
        ),
    ] = False,
    as_identity: Annotated[
        str | None,
        typer.Option("--as", help="The robot or role whose grants allow --unmask."),
    ] = None,
) -> None:
    """Print the result of every application in the pool, ordered by ref (each reason with
    why, where the bot said: DOC_INVALID (front: image is truncated or corrupt))."""
    if unmask and output_format is not OutputFormat.JSONL:
        fail("--unmask applies to --format jsonl only: tables are for people")
    with configured_pool(ctx) as pool:
        if unmask:
            authorise_unmasked(ctx, pool, as_identity, {"filtered": id_number is not None})
        refs = None if id_number is None else set(pool.refs_of_id_number(id_number))
        records = (r for r in pool.results(status) if refs is None or r.ref in refs)
        if output_format is OutputFormat.JSONL:
            for record in records:
                shown = record if unmask else mask_record(record)
                # ``error`` only appears on dead tasks: the contract record stays as documented
                hide = {"error"} if shown.error is None else None
                typer.echo(shown.model_dump_json(exclude=hide))
        else:
            console.print(results_table(records))


def mask_record(record: ResultRecord) -> ResultRecord:
    """``record`` with the personal fields masked (and the details, should a plugin's slip a
    number through)."""
    fields = record.fields.model_copy(
        update={
            "name": mask_name(record.fields.name) or None,
            "id_number": mask_id_number(record.fields.id_number) or None,
            "address": mask_address(record.fields.address) or None,
        }
    )
    details = {code: mask_text(why) for code, why in record.details.items()}
    return record.model_copy(update={"fields": fields, "details": details})


def explained_reasons(record: ResultRecord) -> list[str]:
    """Each reason of ``record`` with why it was given where the bot said:
    ``DOC_INVALID (front: image is truncated or corrupt)``."""
    return [
        f"{code} ({record.details[code]})" if record.details.get(code) else code
        for code in record.reasons
    ]


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
            "; ".join(explained_reasons(mask_record(record))),
        )
    return table


def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The application's ref, as submitted.")],
    as_json: Annotated[
        bool,
        typer.Option("--json", help="The result record as one line of JSON (masked)."),
    ] = False,
) -> None:
    """Show one application's result: status, decision, and each reason with why it was given
    (for example DOC_INVALID: which side, and what is wrong with the image). Names, identity
    numbers and addresses are masked."""
    with configured_pool(ctx) as pool:
        record = next((r for r in pool.results() if r.ref == ref), None)
    if record is None:
        fail(f"{ref}: no such application in the pool, or it has no result yet")
    shown = mask_record(record)
    if as_json:
        typer.echo(shown.model_dump_json(exclude={"error"} if shown.error is None else None))
        return
    console.print(result_card(shown), highlight=False)


def result_card(record: ResultRecord) -> Table:
    """One (masked) result for people: a line per attribute, a line per reason with its why."""
    table = Table(box=None, pad_edge=False, show_header=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    table.add_row("ref", record.ref)
    table.add_row("status", record.status.value)
    table.add_row("decision", record.decision.value if record.decision else "")
    table.add_row("name", record.fields.name or "")
    table.add_row("id number", record.fields.id_number or "")
    table.add_row("risk", "" if record.risk_score is None else f"{record.risk_score:.2f}")
    for line in explained_reasons(record) or ["none"]:
        table.add_row("reason", line)
    if record.recommendations:
        table.add_row("recommend", ", ".join(record.recommendations))
    if record.error:
        table.add_row("error", mask_text(record.error))
    return table


def register(app: typer.Typer) -> None:
    """Add the ``results`` and ``show`` commands to ``app``."""
    app.command()(results)
    app.command()(show)
