"""``veribot audit``: check the audit chain, show the trail of one application."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.table import Table

from robotlib.cli.context import console, fail
from robotlib.cli.pool_access import configured_pool
from scheduler.audit_log import AuditLog

audit_app = typer.Typer(
    name="audit",
    help="The tamper-evident audit log: source queries, decisions, refusals, grant changes, "
    "unmasked exports, key rotations.",
    no_args_is_help=True,
)


@audit_app.command("verify")
def verify(ctx: typer.Context) -> None:
    """Recompute the hash chain; exit 1 naming the first edited or deleted record."""
    with configured_pool(ctx) as pool:
        checked, problem = AuditLog(pool).verify()
    if problem is not None:
        fail(f"{problem} (checked {checked} records)")
    typer.echo(f"audit chain intact: {checked} records")


@audit_app.command("show")
def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Option("--ref", "-r", help="The application's ref.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per record.")] = False,
) -> None:
    """The audit records of one application, oldest first."""
    with configured_pool(ctx) as pool:
        entries = AuditLog(pool).of_ref(ref)
    if as_json:
        for entry in entries:
            record = {
                "id": entry.id,
                "at": entry.at,
                "actor": entry.actor,
                "action": entry.action,
                "ref": entry.ref,
                "detail": json.loads(entry.detail),
                "hash": entry.hash,
            }
            typer.echo(json.dumps(record, ensure_ascii=False))
        return
    if not entries:
        fail(f"no audit records for {ref}")
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("#", "at (UTC)", "actor", "action", "detail"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        at = dt.datetime.fromtimestamp(entry.at, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        table.add_row(str(entry.id), at, entry.actor, entry.action, entry.detail)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app)
