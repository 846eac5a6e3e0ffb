"""``veribot submit FILE``: validate applications and add them to the pool."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from robotlib.cli.pool_access import configured_pool
from robotlib.intake import read_applications
from robotlib.plugins.host import get_bots
from scheduler.submission import submit_records


def submit(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="Applications file: .jsonl, one JSON application per line "
            "(document paths relative to the file).",
            dir_okay=False,
        ),
    ],
) -> None:
    """Validate FILE and add its applications to the pool; submitting a ref again is a no-op.

    Good records are submitted even when others are bad. Each problem is reported on stderr
    with its line, ref and field, and the exit status is then 1.
    """
    with configured_pool(ctx) as pool:
        intake = read_applications(file)
        report, kind_errors = submit_records(pool, intake.records, get_bots())
    errors = sorted([*intake.errors, *kind_errors], key=lambda error: error.line)
    for error in errors:
        typer.echo(f"{file}: {error}", err=True)
    bad_lines = len({error.line for error in errors})
    typer.echo(
        f"submitted {len(report.submitted)}, duplicates {len(report.duplicates)}, "
        f"rejected {bad_lines}"
    )
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(submit)
