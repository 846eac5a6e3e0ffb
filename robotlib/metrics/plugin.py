"""Core plugin: per-bot worker metrics from the task lifecycle hooks.

``run_task`` is wrapped (``wrapper=True``) to time the bot; the lifecycle hooks count. The
counts live in this process (one worker each); ``worker_started`` names the worker and the
textfile folder, and every finished or failed task rewrites the textfile.
"""

from __future__ import annotations

import time
from collections.abc import Generator

import typer

from robotlib.audit.events import AuditEvent
from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.config import Config
from robotlib.metrics.recorder import WorkerMetrics
from robotlib.model import Application, ResultRecord, Task, TaskStatus
from robotlib.plugins.host import hookimpl

#: this process's metrics; a worker replaces them with its own in ``worker_started``
current = WorkerMetrics("unnamed")


@hookimpl
def worker_started(worker_id: str, config: Config) -> None:
    global current
    folder = config.metrics.textfile_dir
    current = WorkerMetrics(worker_id, None if folder is None else config.resolve(folder))


@hookimpl
def task_started(task: Task, bot: Bot) -> None:
    current.task_started(bot.name)


@hookimpl(wrapper=True)
def run_task(
    task: Task, bot: Bot, application: Application, context: BotContext
) -> Generator[None, BotOutcome, BotOutcome]:
    started = time.perf_counter()
    try:
        return (yield)
    finally:
        # failed runs are timed too: a source timing out is exactly what an operator looks for
        current.task_ran(bot.name, time.perf_counter() - started)


@hookimpl
def task_finished(task: Task, bot: Bot, result: ResultRecord, robot: str) -> list[AuditEvent]:
    decision = "none" if result.decision is None else result.decision.value
    current.task_finished(bot.name, decision)
    current.write()
    return []


@hookimpl
def task_failed(task: Task, bot: Bot, error: str, status: TaskStatus | None) -> None:
    current.task_failed(bot.name, "lost" if status is None else status.value)
    current.write()


@hookimpl
def register_commands(app: typer.Typer) -> None:
    from robotlib.cli.metrics_cmd import metrics

    app.command()(metrics)
