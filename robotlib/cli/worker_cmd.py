"""``veribot worker``: this host joins a shared pool with worker processes until stopped."""

from __future__ import annotations

import typer

from robotlib.cli.context import err_console, fail, state
from robotlib.cli.run_cmd import (
    LeaseOption,
    PoolsOption,
    RobotOption,
    WorkersOption,
    as_robot,
    describe_report,
)
from robotlib.errors import VeribotError
from scheduler.pool import DEFAULT_LEASE_SECONDS
from scheduler.runner import run_workers
from scheduler.settings import WorkerSettings
from scheduler.signals import stop_on_signals


def worker(
    ctx: typer.Context,
    workers: WorkersOption = 2,
    pools: PoolsOption = None,
    lease_seconds: LeaseOption = DEFAULT_LEASE_SECONDS,
    robot: RobotOption = None,
) -> None:
    """Join the pool of the configured database with worker processes, until stopped.

    Run it on every host whose veribot.toml points at the same PostgreSQL
    database: the hosts share the work with no other coordinator. Idle
    workers wait for new tasks.

    SIGTERM or Ctrl-C stops gracefully: each worker finishes its current
    task first. If this command dies, even by kill -9, its worker processes
    finish their current task and exit too.
    """
    cli = state(ctx)
    settings = WorkerSettings(lease_seconds=lease_seconds, verbose=cli.verbose)
    config = as_robot(cli.config, robot)
    where = ", ".join(pools) if pools else "every pool"
    processes = "1 process" if workers == 1 else f"{workers} processes"
    err_console.print(
        f"veribot worker: {processes} taking tasks from {where}; "
        "SIGTERM or Ctrl-C stops after the current tasks",
        highlight=False,
    )
    with stop_on_signals() as stop:
        try:
            report = run_workers(
                config, workers, False, None, pools=pools or None, settings=settings, stop=stop
            )
        except VeribotError as exc:
            fail(str(exc))
    typer.echo(describe_report(report))


def register(app: typer.Typer) -> None:
    """Add the ``worker`` command to ``app``."""
    app.command()(worker)
