"""``veribot audit``: check the audit chain, show the trail of one application."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.table import Table

from robotlib.audit import Anchor
from robotlib.cli.context import console, fail
from robotlib.cli.pool_access import configured_pool
from scheduler.audit_log import AuditLog

audit_app = typer.Typer(
    name="audit",
    help="The tamper-evident audit log: source queries, decisions, refusals, grant changes, "
    "unmasked exports, key rotations.",
    no_args_is_help=True,
)


def _anchor(text: str | None) -> Anchor | None:
    if text is None:
        return None
    try:
        return Anchor.parse(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


@audit_app.command("verify")
def verify(
    ctx: typer.Context,
    anchor: Annotated[
        str | None,
        typer.Option(
            "--anchor",
            "-a",
            help="An anchor printed earlier by `veribot audit anchor` (ID:MAC): also detect "
            "records removed from the end, or the anchored record rewritten.",
            metavar="ID:MAC",
        ),
    ] = None,
) -> None:
    """Recompute the keyed chain (HMAC-SHA256 under the audit key of the key file); exit 1
    naming the first edited, deleted or re-hashed record."""
    anchored = _anchor(anchor)
    with configured_pool(ctx) as pool:
        checked, problem = AuditLog(pool).verify(anchored)
    if problem is not None:
        fail(f"{problem} (checked {checked} records)")
    against = f", up to anchor {anchored.entry_id}" if anchored else ""
    typer.echo(f"audit chain intact: {checked} records{against}")


@audit_app.command("anchor")
def anchor(ctx: typer.Context) -> None:
    """Print the head of the chain (ID:MAC) to keep outside the database, for example in
    the daily report; `veribot audit verify --anchor ID:MAC` later detects records removed
    from the end."""
    with configured_pool(ctx) as pool:
        head = AuditLog(pool).head()
    if head is None:
        fail("the audit log is empty: nothing to anchor yet")
    typer.echo(str(head))


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
    """Add the ``audit`` command group to ``app``."""
    app.add_typer(audit_app)
