"""The real path in ``bench/pool.py``: what ``veribot run --workers 2 --until-empty`` does.

``run_workers`` (the code of ``veribot run``) drains the queued tasks with a bot that returns
at once: the supervisor, its dispatcher (batched claims and settlements, leases, audit
trail), worker processes, plugin hooks and the decision policy, all as in production. The
clock runs from the first claim to the last decision stored (``pool.timings()``), as the
batched claim+complete rows' clock runs from the first task to the last acknowledgement, so
worker start-up is not counted; the ratio to the batched rows comes from the same repetition.

This module is also the plugin that registers the no-op bot in the worker processes
(``VERIBOT_LOAD_PLUGINS=pool_realpath``; ``bench/`` is on their ``sys.path``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pool_harness import KIND, BenchError, median, records

from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.config import Config, DatabaseConfig
from robotlib.logs import setup_logging
from robotlib.model import Application
from robotlib.plugins.host import LOAD_ENV, get_plugin_manager, hookimpl
from scheduler.pool import open_pool
from scheduler.settings import WorkerSettings
from scheduler.supervisor import run_workers

#: the plugin module the worker processes load (this one)
PLUGIN = "pool_realpath"
#: worker processes of the real-path row, and the batched row it is compared with
WORKERS = 2
#: the issue's goal: the real path at least this share of batched claim+complete
GOAL = 0.5
SUBMIT_BATCH = 100


class NoopBot(Bot):
    """Returns at once: no reasons, so the policy approves."""

    name = KIND

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        return BotOutcome()


@hookimpl
def register_bots(register: Callable[[type[Bot]], None]) -> None:
    register(NoopBot)


@dataclass
class RealPathRuns:
    """The real path of one veribot backend over the repetitions."""

    label: str
    rates: list[float] = field(default_factory=list)
    #: real path ÷ batched claim+complete with ``WORKERS`` workers, per repetition
    ratios: list[float] = field(default_factory=list)
    batched: list[float] = field(default_factory=list)
    missing: str | None = None


def measure_real_path(where: str, tasks: int) -> float:
    """Queue ``tasks`` tasks in the fresh pool at ``where``, drain them with ``run_workers``
    (``WORKERS`` processes, default settings) and return tasks per second."""
    with open_pool(where) as pool:
        applications = [Application.model_validate(r) for r in records(tasks)]
        for i in range(0, tasks, SUBMIT_BATCH):
            pool.submit(applications[i : i + SUBMIT_BATCH])
    setup_logging()  # as `veribot run` does: warnings only, no line per decision
    previous = os.environ.get(LOAD_ENV)
    os.environ[LOAD_ENV] = PLUGIN
    get_plugin_manager.cache_clear()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-realpath-") as folder:
            config = Config(base_dir=Path(folder), database=DatabaseConfig(url=where))
            report = run_workers(config, WORKERS, until_empty=True, settings=WorkerSettings())
    finally:
        if previous is None:
            os.environ.pop(LOAD_ENV, None)
        else:
            os.environ[LOAD_ENV] = previous
        get_plugin_manager.cache_clear()
    if report.done != tasks:
        raise BenchError(f"{report.done} of {tasks} decided ({report.remaining} remaining)")
    with open_pool(where) as pool:
        timings = pool.timings()
    first = min(t.started_at for t in timings if t.started_at is not None)
    last = max(t.finished_at for t in timings if t.finished_at is not None)
    return tasks / (last - first)


def real_path_section(runs: Sequence[RealPathRuns], tasks: int) -> list[str]:
    """The markdown of the real-path rows."""
    lines = [
        "### The real path (issue 17)",
        "",
        f"`veribot run --workers {WORKERS} --until-empty` in-process (`run_workers`, default "
        f"settings) drains {tasks:,} queued tasks with a bot that returns at once: dispatcher, "
        "worker processes, plugin hooks, policy and audit trail included. Clock: first claim "
        "to last decision stored. The ratio is taken within each repetition against the "
        f"batched claim+complete row with {WORKERS} workers above, then the median; the goal "
        f"is at least {GOAL:g}.",
        "",
        "| pool | real path (tasks/s) | batched claim+complete, "
        f"{WORKERS} workers (tasks/s) | real ÷ batched | goal ≥ {GOAL:g} |",
        "|---|---|---|---|---|",
    ]
    for run in runs:
        if not run.rates:
            why = f" ({run.missing})" if run.missing else ""
            lines.append(f"| {run.label} | not measured{why} | | | |")
            continue
        rate, batched, ratio = median(run.rates), median(run.batched), median(run.ratios)
        met = "met" if ratio is not None and ratio >= GOAL else "not met"
        lines.append(
            f"| {run.label} | {_figure(rate, ',.0f')} | {_figure(batched, ',.0f')} "
            f"| {_figure(ratio, '.2f')} | {met} |"
        )
    return lines


def _figure(value: float | None, spec: str) -> str:
    return "not measured" if value is None else format(value, spec)
