"""``veribot run``: worker processes over the pool, with a progress bar."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from robotlib.cli.context import err_console, fail, state
from robotlib.config import Config, SecurityConfig
from robotlib.errors import VeribotError
from scheduler.pool import DEFAULT_LEASE_SECONDS
from scheduler.runner import RunProgress, RunReport, run_workers
from scheduler.settings import WorkerSettings
from scheduler.signals import stop_on_signals

#: the options ``veribot run`` and ``veribot worker`` share
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        help="Worker processes. Size them with \\[ocr] threads: workers x threads should "
        "not exceed the CPU cores.",
    ),
]
PoolsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--pool",
        "-p",
        help="Only take tasks of this pool (branch / business line); repeat for several. "
        "Default: every pool.",
        show_default=False,
    ),
]
RobotOption = Annotated[
    str | None,
    typer.Option(
        "--robot",
        help="The robot identity the workers run as (default: \\[security] robot); they take "
        "only tasks of the pools it works in, whose scopes it holds.",
        show_default=False,
    ),
]
LeaseOption = Annotated[
    float,
    typer.Option(
        min=1.0,
        help="How long a claimed task stays with a worker that stopped heartbeating "
        "before it returns to the pool.",
    ),
]


def as_robot(config: Config, robot: str | None) -> Config:
    """``config`` with the workers' robot identity replaced by ``robot`` (when given)."""
    if robot is None:
        return config
    try:
        security = SecurityConfig(key_file=config.security.key_file, robot=robot)
    except ValidationError:
        fail(f"--robot {robot!r}: use letters, digits and _ . : - only")
    return config.model_copy(update={"security": security})


def describe_report(report: RunReport) -> str:
    """The one-line summary printed when workers stop."""
    return (
        f"done {report.done}, dead {report.dead}, remaining {report.remaining}, "
        f"{report.elapsed:.1f}s ({report.throughput:.1f} tasks/s)"
        + (f", {report.restarts} crashed workers replaced" if report.restarts else "")
    )


def progress_label(snapshot: RunProgress) -> str:
    """``verifying (2 workers)`` while the workers run, ``verified (2 workers)`` after."""
    workers = "1 worker" if snapshot.workers == 1 else f"{snapshot.workers} workers"
    return f"{'verifying' if snapshot.running else 'verified'} ({workers})"


def run(
    ctx: typer.Context,
    workers: WorkersOption = 2,
    pools: PoolsOption = None,
    until_empty: Annotated[
        bool,
        typer.Option(
            "--until-empty",
            help="Stop once nothing is pending or running (batch mode); "
            "otherwise run until Ctrl-C or SIGTERM. Waiting tasks the robot cannot take "
            "(pool or scopes not granted) are named at once, with exit status 1.",
        ),
    ] = False,
    lease_seconds: LeaseOption = DEFAULT_LEASE_SECONDS,
    robot: RobotOption = None,
) -> None:
    """Verify pending applications with bot worker processes.

    Ctrl-C or SIGTERM stops gracefully: every worker finishes its current
    task first. A worker that crashes is replaced and its task is redone.
    """
    cli = state(ctx)
    config = as_robot(cli.config, robot)
    settings = WorkerSettings(lease_seconds=lease_seconds, verbose=cli.verbose)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console) as progress, stop_on_signals() as stop:
        bar = progress.add_task("verifying", total=None)

        def show(snapshot: RunProgress) -> None:
            progress.update(
                bar,
                completed=snapshot.done,
                total=snapshot.total,
                description=progress_label(snapshot),
            )

        try:
            report: RunReport | str = run_workers(
                config,
                workers,
                until_empty,
                show,
                pools=pools or None,
                settings=settings,
                stop=stop,
            )
        except VeribotError as exc:
            report = str(exc)  # said once the progress bar is gone, not under it
    if isinstance(report, str):
        fail(report)
    typer.echo(describe_report(report))
    if report.stuck is not None:
        fail(report.stuck)


def register(app: typer.Typer) -> None:
    """Add the ``run`` command to ``app``."""
    app.command()(run)
