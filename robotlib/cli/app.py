"""The typer ``app`` and the global options; each command group lives in its own module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from robotlib.cli import (
    audit_cmd,
    bots_cmd,
    dead_cmd,
    init_cmd,
    keys_cmd,
    migrate_cmd,
    ocr_cmd,
    plugins_cmd,
    purge_cmd,
    results_cmd,
    robots_cmd,
    run_cmd,
    schedule_cmd,
    status_cmd,
    submit_cmd,
    tasks_cmd,
    users_cmd,
    worker_cmd,
)
from robotlib.cli.context import CliState, print_error
from robotlib.cli.lazy_commands import LazyCommand, lazy_group
from robotlib.cli.plugin_commands import add_plugin_commands
from robotlib.errors import VeribotError
from robotlib.logs import setup_logging

#: commands whose module is imported only when they run (``veribot --help`` imports none)
LAZY_COMMANDS = (
    LazyCommand(
        "demo",
        "robotlib.cli.demo_cmd:demo_app",
        "Generate a synthetic world, verify every application, and report agreement.",
    ),
    LazyCommand(
        "sandbox",
        "robotlib.sandbox.commands:sandbox_app",
        "Synthetic data to try veribot on: applicants, ID card photos, registries, and a "
        "service that serves them as APIs and a web portal.",
    ),
)

app = typer.Typer(
    cls=lazy_group(*LAZY_COMMANDS),
    name="veribot",
    help="Verify bank onboarding applications with pluggable bots.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def main_options(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            envvar="VERIBOT_CONFIG",
            help="veribot.toml to use (default: $VERIBOT_CONFIG, else built-in defaults).",
            dir_okay=False,
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log debug detail.")] = False,
) -> None:
    """veribot: OCR identity cards, cross-check registries, decide approve / review / reject."""
    setup_logging(verbose=verbose)
    ctx.obj = CliState(config_path=config, verbose=verbose)


for module in (
    submit_cmd,
    run_cmd,
    worker_cmd,
    status_cmd,
    tasks_cmd,
    dead_cmd,
    purge_cmd,
    results_cmd,
    schedule_cmd,
    ocr_cmd,
    plugins_cmd,
    bots_cmd,
    init_cmd,
    migrate_cmd,
    robots_cmd,
    audit_cmd,
    keys_cmd,
    users_cmd,
):
    module.register(app)


def main() -> None:
    """Console-script entry point: domain errors become one line on stderr and exit code 1.

    Plugins' commands are added here, not on import, so that a broken plugin is reported
    as one clear line rather than an import traceback.
    """
    # plugins load before the options are parsed: their warnings need the human sink too
    setup_logging()
    try:
        add_plugin_commands(app)
        app()
    except VeribotError as exc:
        # outside a command typer.Exit is not caught: exit here
        print_error(str(exc))
        raise SystemExit(1) from None
