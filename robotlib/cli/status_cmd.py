"""``veribot status``: tasks by pool, state and priority; the oldest wait; deadlines at risk."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Group
from rich.table import Table
from rich.text import Text

from robotlib.cli.context import console, state
from robotlib.cli.pool_access import configured_pool
from robotlib.cli.serving_report import serving_document, serving_lines
from robotlib.model import Priority, TaskStatus
from scheduler.pool.base import PoolStats

_PRIORITY_RANK = {priority.value: rank for rank, priority in enumerate(Priority)}


def format_age(seconds: float) -> str:
    """A duration for people, to the two largest units: ``45s``, ``3m 07s``, ``5h 02m``,
    ``2d 03h``; negative durations get a leading ``-``."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    days, rest = divmod(whole, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        text = f"{days}d {hours:02d}h"
    elif hours:
        text = f"{hours}h {minutes:02d}m"
    elif minutes:
        text = f"{minutes}m {secs:02d}s"
    else:
        text = f"{secs}s"
    return sign + text


def _rows(stats: PoolStats) -> list[tuple[str, str]]:
    """(pool, priority) pairs that have tasks: by pool, then high before normal before low."""
    pairs = {(pool, priority) for pool, _, priority in stats.counts}
    return sorted(pairs, key=lambda pair: (pair[0], _PRIORITY_RANK.get(pair[1], 99), pair[1]))


def status_document(stats: PoolStats) -> dict[str, object]:
    """The status for machines (``--json``): refs, pools and counts only, no personal data."""
    totals = {status.value: count for status, count in stats.by_status().items()}
    counts = [
        {"pool": pool, "priority": priority, "status": status.value, "tasks": count}
        for pool, priority in _rows(stats)
        for status in TaskStatus
        if (count := stats.counts.get((pool, status, priority), 0))
    ]
    at_risk = [
        {
            "ref": task.ref,
            "pool": task.pool,
            "priority": task.priority,
            "deadline": datetime.fromtimestamp(task.deadline, UTC).isoformat(),
            "seconds_left": round(task.seconds_left, 1),
        }
        for task in stats.at_risk
    ]
    return {
        "totals": totals,
        "counts": counts,
        "oldest_pending_age": stats.oldest_pending_age,
        "at_risk": at_risk,
    }


def counts_table(stats: PoolStats) -> Table:
    """One row per pool and priority, one column per state, totals in the last row."""
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("pool", no_wrap=True)
    table.add_column("priority", no_wrap=True)
    for status in TaskStatus:
        table.add_column(status.value, justify="right")
    table.add_column("total", justify="right")
    for pool, priority in _rows(stats):
        row = [stats.counts.get((pool, status, priority), 0) for status in TaskStatus]
        table.add_row(pool, priority, *(str(count) for count in row), str(sum(row)))
    by_status = stats.by_status()
    totals = [by_status[status] for status in TaskStatus]
    table.add_section()
    table.add_row("total", "", *(str(count) for count in totals), str(sum(totals)))
    return table


def at_risk_table(stats: PoolStats) -> Table:
    """Tasks whose deadline is near or past, soonest first: refs only, no personal data."""
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("ref", "pool", "priority", "deadline", "left"):
        table.add_column(column, no_wrap=True)
    for task in stats.at_risk:
        left = task.seconds_left
        table.add_row(
            task.ref,
            task.pool,
            task.priority,
            datetime.fromtimestamp(task.deadline).astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            format_age(left) if left >= 0 else f"overdue {format_age(-left)}",
        )
    return table


def status_view(stats: PoolStats) -> Group:
    """The status for people: counts, the oldest pending task's wait, the SLA-at-risk list."""
    oldest = stats.oldest_pending_age
    parts: list[Table | Text] = [
        counts_table(stats),
        Text(f"\noldest pending: {'none' if oldest is None else format_age(oldest)}"),
    ]
    if stats.at_risk:
        parts += [Text(f"SLA at risk: {len(stats.at_risk)}"), at_risk_table(stats)]
    else:
        parts.append(Text("SLA at risk: none"))
    return Group(*parts)


def status(
    ctx: typer.Context,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print one JSON object: totals by state, counts by pool, priority and state, "
            "oldest_pending_age (seconds), at_risk, served_bots, unserved_bots (with why) "
            "and failed_plugins.",
        ),
    ] = False,
) -> None:
    """Count tasks by pool, state and priority; show the oldest wait and the SLA at risk.

    At risk: unfinished tasks whose deadline is past or nearer than
    pool.at_risk_seconds (veribot.toml); they are listed by ref only. Then one line per
    installed bot this veribot.toml does not serve (a source it needs is not configured)
    and per plugin that could not be loaded.
    """
    with configured_pool(ctx) as pool:
        stats = pool.stats()
    config = state(ctx).config
    if as_json:
        typer.echo(json.dumps({**status_document(stats), **serving_document(config)}))
        return
    console.print(status_view(stats))
    for line in serving_lines(config):
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the ``status`` command to ``app``."""
    app.command()(status)
