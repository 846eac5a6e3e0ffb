"""``veribot submit FILE``: validate applications and add them to the pool."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from robotlib.cli.context import fail, state
from robotlib.cli.pool_access import configured_pool
from robotlib.errors import InputError, VeribotError
from robotlib.inbox import remove_unpacked, unpack_photo_zip
from robotlib.intake import TableOptions, read_applications
from robotlib.intake.columns import FIELDS, parse_mapping
from robotlib.intake.confine import DocumentLimits
from robotlib.plugins.host import get_bots
from robotlib.plugins.serving import unserved_kinds
from robotlib.workbooks import write_validation_report
from robotlib.workdir import private_work_dir
from scheduler.submission import submit_records


def submit(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="Applications file: .jsonl (one JSON application per line), .csv or .xlsx "
            "(one application per row, columns found by their headers).",
            dir_okay=False,
        ),
    ],
    images: Annotated[
        Path | None,
        typer.Option(
            help="CSV/Excel: folder (or .zip, unpacked into the pool's private work folder "
            "and removed once the photos are sealed into the pool) of the ID photos. Document "
            "paths are relative to it; without document columns photos are found as "
            "REF-front.jpg / REF-back.jpg.",
        ),
    ] = None,
    columns: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            help="CSV/Excel: HEADER=FIELD maps a column the known spellings miss, e.g. "
            f"'员工姓名=applicant.name'; repeat for several. Fields: {', '.join(FIELDS)}.",
            show_default=False,
        ),
    ] = None,
    defaults: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="CSV/Excel: FIELD=VALUE for rows that leave FIELD blank, e.g. "
            "'branch=shenzhen'; repeat for several.",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            help="CSV: the file's text encoding when it is not UTF-8, e.g. gb18030 or big5. "
            "Without it a file that is not UTF-8 is read only when it is recognised as GB18030; "
            "otherwise it is refused with the encoding it looks like.",
            show_default=False,
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            dir_okay=False,
            help="Also write the problems, one row each (row, ref, field, column, why), "
            "to this .xlsx or .csv file.",
        ),
    ] = None,
) -> None:
    """Validate FILE and add its applications to the pool.

    Submitting a ref again with the same content is a no-op (a duplicate); with other
    content it is a conflict: refused, and the task keeps the first.

    Document paths must lead to regular files inside FILE's folder (or --images) or a
    folder of \\[intake] roots in veribot.toml, of at most \\[intake] max_document_mb
    (default 10) each; a record naming any other file is refused whole and nothing of it
    is copied.

    Good records are submitted even when others are bad. Each problem is reported on stderr
    with its line (row), ref and field, and the exit status is then 1. CSV and Excel rows
    default to channel batch.
    """
    try:
        if images is not None and images.is_file():
            # the pool seals its own copy of each photo: the unpacked one goes with the command
            images = unpack_photo_zip(images, private_work_dir(state(ctx).config))
            ctx.call_on_close(partial(remove_unpacked, images))
        elif images is not None and not images.is_dir():
            raise InputError(f"--images {images} is neither a folder nor a zip file")
        options = TableOptions(
            mapping=parse_mapping(columns or []),
            defaults=parse_mapping(defaults or []),
            images=images,
            encoding=encoding,
            limits=DocumentLimits.from_config(state(ctx).config),
        )
        intake = read_applications(file, options)
    except VeribotError as exc:
        fail(str(exc))
    unserved = unserved_kinds(state(ctx).config)
    with configured_pool(ctx) as pool:
        submitted, kind_errors = submit_records(pool, intake.records, get_bots(), unserved=unserved)
    errors = sorted([*intake.errors, *kind_errors], key=lambda error: error.line)
    for error in errors:
        typer.echo(f"{file}: {error}", err=True)
    if report is not None:
        write_validation_report(errors, report)
    bad_lines = len({error.line for error in errors})
    typer.echo(
        f"submitted {len(submitted.submitted)}, duplicates {len(submitted.duplicates)}, "
        f"rejected {bad_lines} (conflicts {len(submitted.conflicts)})"
    )
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``submit`` command to ``app``."""
    app.command()(submit)
