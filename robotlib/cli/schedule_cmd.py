"""``veribot schedule add|list|remove`` and ``veribot scheduler``: cron in the pool's database."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from robotlib.cli.context import console, fail, state
from robotlib.errors import VeribotError
from scheduler.cron.leader import CronScheduler
from scheduler.cron.store import Schedule, ScheduleStore
from scheduler.signals import stop_on_signals

schedule_app = typer.Typer(
    name="schedule",
    help="Cron schedules stored in the pool's database and fired by `veribot scheduler`.",
    no_args_is_help=True,
)


@contextmanager
def _store(ctx: typer.Context) -> Iterator[ScheduleStore]:
    config = state(ctx).config
    try:
        with closing(ScheduleStore(config)) as store:
            yield store
    except VeribotError as exc:
        fail(str(exc))


@schedule_app.command()
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name for the schedule (letters, digits, . _ -).")],
    cron: Annotated[
        str,
        typer.Argument(help="Five-field cron expression, quoted: '0 2 * * *' is 02:00 daily."),
    ],
    command: Annotated[
        list[str],
        typer.Argument(
            help="The command to run, after --: -- robot --rpa tasks.robot", show_default=False
        ),
    ],
    timezone: Annotated[
        str, typer.Option("--timezone", "--tz", help="IANA zone the expression is read in.")
    ] = "UTC",
    workdir: Annotated[
        Path | None,
        typer.Option(file_okay=False, help="Folder to run in (default: the current one)."),
    ] = None,
) -> None:
    """Add a schedule: run COMMAND whenever CRON says (no shell; one run at a time).

    Example: veribot schedule add payroll '0 2 * * *' --tz Asia/Shanghai --
    robot --rpa --outputdir var/robot tasks.robot
    """
    folder = (workdir or Path.cwd()).resolve()
    with _store(ctx) as store:
        schedule = store.add(name, cron, command, timezone=timezone, workdir=str(folder))
    typer.echo(f"added {schedule.name}; next run {_when(schedule.next_run_at, schedule.timezone)}")


@schedule_app.command("list")
def list_schedules(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per schedule.")] = False,
) -> None:
    """List the schedules with their next run and the outcome of their last run.

    Long values wrap in narrow terminals; --json prints them on one line each.
    """
    with _store(ctx) as store:
        schedules = store.all()
    if as_json:
        for schedule in schedules:
            typer.echo(json.dumps(_as_dict(schedule), ensure_ascii=False))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("name", "cron", "zone", "next run", "last run", "last status"):
        # a narrow terminal wraps values, never cuts them: names and commands must be read whole
        table.add_column(column, overflow="fold")
    table.add_column("command", overflow="fold", ratio=1)
    for s in schedules:
        table.add_row(
            s.name,
            s.cron,
            s.timezone,
            _when(s.next_run_at, s.timezone),
            _when(s.last_run_at, s.timezone) if s.last_run_at else "",
            s.last_status or "",
            " ".join(s.command),
        )
    console.print(table)


@schedule_app.command()
def remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The schedule to remove.")],
) -> None:
    """Remove a schedule; a run already going finishes on its own."""
    with _store(ctx) as store:
        removed = store.remove(name)
    if not removed:
        fail(f"no schedule named {name!r} (see `veribot schedule list`)")
    typer.echo(f"removed {name}")


def scheduler(
    ctx: typer.Context,
    tick: Annotated[
        float, typer.Option(min=0.05, help="Seconds between looks at the schedules.")
    ] = 1.0,
    lease_seconds: Annotated[
        float,
        typer.Option(
            min=1.0,
            help="How long a silent leader keeps the lead before another scheduler takes over.",
        ),
    ] = 30.0,
) -> None:
    """Fire due schedules until SIGTERM or Ctrl-C; run one on every host you like.

    The schedulers of all hosts sharing the database elect one leader (a lease in the
    database), so each run fires once; when the leader stops, another takes over.
    """
    with _store(ctx) as store, stop_on_signals() as stop:
        runner = CronScheduler(
            store,
            holder=f"{os.uname().nodename}:{os.getpid()}",
            lease_seconds=lease_seconds,
            tick_seconds=tick,
        )
        runner.run(stop)


def _when(timestamp: float, timezone: str) -> str:
    from zoneinfo import ZoneInfo

    return dt.datetime.fromtimestamp(timestamp, ZoneInfo(timezone)).isoformat(timespec="minutes")


def _as_dict(schedule: Schedule) -> dict[str, object]:
    return {
        "name": schedule.name,
        "cron": schedule.cron,
        "timezone": schedule.timezone,
        "command": schedule.command,
        "workdir": schedule.workdir,
        "next_run_at": _when(schedule.next_run_at, schedule.timezone),
        "last_run_at": _when(schedule.last_run_at, schedule.timezone)
        if schedule.last_run_at
        else None,
        "last_status": schedule.last_status,
    }


def register(app: typer.Typer) -> None:
    """Add the ``schedule`` command group and the ``scheduler`` command to ``app``."""
    app.add_typer(schedule_app)
    app.command()(scheduler)
