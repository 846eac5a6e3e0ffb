"""``veribot metrics``: per-bot counts and durations from the workers' textfiles.

Added by the core metrics plugin through ``register_commands``, like a third-party command.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from robotlib.cli.context import console, fail, state
from robotlib.metrics import BotSummary, read_summaries


def metrics_table(summaries: list[BotSummary]) -> Table:
    """One row per bot: tasks started, decided (by decision), failed, and durations."""
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("bot", "started", "approve", "review", "reject", "failed", "dead"):
        table.add_column(column, justify="left" if column == "bot" else "right")
    for column in ("mean s", "p50 <= s", "p95 <= s"):
        table.add_column(column, justify="right")
    for row in summaries:
        figures = row.as_dict()
        table.add_row(
            row.bot,
            str(row.started),
            *(str(row.decisions.get(d, 0)) for d in ("approve", "review", "reject")),
            str(row.failures.get("failed", 0)),
            str(row.failures.get("dead", 0)),
            *(_seconds(figures[key]) for key in ("seconds_mean", "seconds_p50_at_most")),
            _seconds(figures["seconds_p95_at_most"]),
        )
    return table


def _seconds(value: object) -> str:
    return "-" if not isinstance(value, float) else f"{value:.3g}"


def metrics(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Option("--dir", help="Folder of the textfiles (default: \\[metrics] textfile_dir)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per bot.")] = False,
) -> None:
    """Show per-bot task counts, decisions, failures and durations, summed over workers."""
    config = state(ctx).config
    if folder is None:
        if config.metrics.textfile_dir is None:
            fail("metrics are off: set [metrics] textfile_dir in veribot.toml, or pass --dir")
        folder = config.resolve(config.metrics.textfile_dir)
    summaries = read_summaries(folder)
    if as_json:
        for summary in summaries:
            typer.echo(json.dumps(summary.as_dict()))
        return
    if not summaries:
        console.print(f"no metrics in {folder} yet")
        return
    console.print(metrics_table(summaries))
