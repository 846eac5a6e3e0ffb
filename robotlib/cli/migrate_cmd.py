"""``veribot migrate``: the pool database's schema version, and its pending migrations applied."""

from __future__ import annotations

from typing import Annotated

import typer

from robotlib.cli.context import fail, state
from robotlib.errors import VeribotError
from scheduler.db.schema import SchemaReport, upgrade_schema


def migrate(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List the pending migrations; apply none.")
    ] = False,
) -> None:
    """Show the database's schema version and bring it to the latest one.

    Every command upgrades the database when it opens it; this one says what it applies
    (with --dry-run, only what it would), so an upgrade can be seen and timed. Stop the
    workers of every host first: a worker of an older veribot refuses a newer database.
    """
    try:
        report = upgrade_schema(state(ctx).config.database_url, dry_run=dry_run)
    except VeribotError as exc:
        fail(str(exc))
    for line in describe(report):
        typer.echo(line)


def describe(report: SchemaReport) -> list[str]:
    """What ``report`` says, one line each: the version, then each pending migration."""
    where = f"{report.backend} schema version {report.version}, latest {report.latest}"
    if not report.pending:
        return [f"{where}: up to date"]
    verb = "applied" if report.applied else "pending"
    lines = [f"{where}: {len(report.pending)} migration(s) {verb}"]
    lines += [f"  {verb} {m.version:04d} {m.name}" for m in report.pending]
    if report.applied:
        lines.append(f"now at schema version {report.version_now}")
    return lines


def register(app: typer.Typer) -> None:
    """Add the ``migrate`` command to ``app``."""
    app.command()(migrate)
