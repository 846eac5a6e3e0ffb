"""``veribot retry`` and ``veribot cancel``: an operator steps in on named tasks."""

from __future__ import annotations

from typing import Annotated

import typer

from robotlib.cli.pool_access import OptionalRefs, chosen_refs, configured_pool, report_refs
from robotlib.model import TaskStatus


def retry(
    ctx: typer.Context,
    refs: OptionalRefs = None,
    all_failed: Annotated[
        bool,
        typer.Option(
            "--all-failed",
            help="Retry every failed task now (dead ones: veribot dead requeue --all).",
        ),
    ] = False,
) -> None:
    """Make failed or dead tasks claimable now.

    A failed task skips the rest of its back-off and keeps its attempts; a
    dead task goes back to pending with fresh attempts and its dead result
    is removed.

    A ref that is unknown, or neither failed nor dead, is named on stderr
    and the exit status is 1; the other refs are still retried.
    """
    named = chosen_refs(refs, all_failed, "--all-failed")
    with configured_pool(ctx) as pool:
        targets = named
        if targets is None:
            targets = [record.ref for record in pool.results(TaskStatus.FAILED)]
        retried = pool.retry(targets)
    report_refs("retried", named, retried, "unknown ref, or neither failed nor dead")


def cancel(
    ctx: typer.Context,
    refs: Annotated[list[str], typer.Argument(help="Refs of the tasks to cancel.")],
) -> None:
    """Cancel waiting tasks (pending, or failed until a retry): they will never run.

    No worker claims a cancelled task again and no result is written for it.

    A ref that is unknown, running or finished is named on stderr and the
    exit status is 1; the other refs are still cancelled.
    """
    named = list(dict.fromkeys(refs))
    with configured_pool(ctx) as pool:
        cancelled = pool.cancel(named)
    report_refs("cancelled", named, cancelled, "unknown ref, or running or finished")


def register(app: typer.Typer) -> None:
    """Add the ``retry`` and ``cancel`` commands to ``app``."""
    app.command()(retry)
    app.command()(cancel)
