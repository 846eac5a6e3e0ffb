"""The hooks a veribot plugin may implement: the public plugin contract.

Every hook is documented with its exact signature in docs/plugins.md and covered by a
``test_hook_<name>`` test (tests/unit/test_plugin_docs.py keeps both honest). A plugin
implements a hook by defining a function of the same name, marked with
``robotlib.plugins.hookimpl``; it may accept fewer arguments than the spec names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import typer

    from robotlib.audit.events import AuditEvent
    from robotlib.bot import Bot, BotContext, BotOutcome
    from robotlib.config import Config
    from robotlib.documents.parsers import DocumentParser
    from robotlib.model import Application, ResultRecord, Task, TaskStatus
    from robotlib.ocr.engine import OcrEngineFactory
    from robotlib.sources.base import SourceFactory
    from robotlib.sources.datasets import DatasetKind

hookspec = pluggy.HookspecMarker("veribot")


@hookspec
def register_bots(register: Callable[[type[Bot]], None]) -> None:
    """Register bot classes: call ``register(BotClass)`` once per bot.

    :param register: records the bot under ``BotClass.name``; a second bot with the same name
        is an error naming both plugins.
    """


@hookspec
def register_sources(register: Callable[[str, SourceFactory], None]) -> None:
    """Register source connector types: call ``register(type_name, factory)``.

    :param register: records ``factory`` for ``[sources.X] type = "type_name"`` in veribot.toml;
        ``factory(name, config, base_dir)`` returns the connector for the source ``name``.
    """


@hookspec
def register_datasets(register: Callable[[DatasetKind], None]) -> None:
    """Register dataset kinds: call ``register(DatasetKind(...))`` once per kind.

    :param register: records the kind under ``kind.name`` for ``[sources.X] dataset = "name"``
        (the source's name by default): its record schema, key fields and how a key compares;
        the ``csv`` and ``http`` source types then serve it. A second kind with the same name
        is an error naming both plugins.
    """


@hookspec
def register_document_parsers(register: Callable[[str, DocumentParser], None]) -> None:
    """Register document parsers: call ``register(document_key, parser)``.

    :param register: records ``parser(lines)`` (OCR lines -> ``CardReading``) for the
        application's ``documents.<document_key>``; an application may name a document only
        when a parser is registered for its key. A key registered twice is an error naming
        both plugins.
    """


@hookspec
def register_ocr_engines(register: Callable[[str, OcrEngineFactory], None]) -> None:
    """Register OCR engines: call ``register(engine_name, factory)``.

    :param register: records ``factory(threads)`` for ``[ocr] engine = "engine_name"``.
    """


@hookspec
def register_commands(app: typer.Typer) -> None:
    """Add CLI commands: decorate functions with ``@app.command()`` (or add a group with
    ``app.add_typer``). They appear in ``veribot --help``.

    :param app: a typer app of the plugin's own; its commands are moved onto ``veribot``. A
        name already taken by a built-in command or another plugin is an error naming both.
    """


@hookspec
def worker_started(worker_id: str, config: Config) -> None:
    """A worker is ready to claim tasks (called once per worker, in its process).

    :param worker_id: ``host:pid`` of the worker.
    :param config: the worker's configuration (a plugin reads its own settings from it).
    """


@hookspec
def task_started(task: Task, bot: Bot) -> None:
    """A worker claimed ``task`` and is about to run ``bot`` on it.

    :param task: the claimed task (``ref``, ``kind``, ``pool``, ``attempts``); read
        ``task.application`` only when you must: it holds personal data.
    :param bot: the bot instance that will verify it.
    """


@hookspec(firstresult=True)
def run_task(task: Task, bot: Bot, application: Application, context: BotContext) -> BotOutcome:
    """Run ``bot`` on ``application`` and return its outcome; single-answer (``firstresult``).

    The built-in implementation calls ``bot.verify(application, context)``. Plugins usually
    wrap it (``@hookimpl(wrapper=True)``, a generator around ``yield``) to time it, add log
    context or observe errors, rather than replace it.

    :param task: the task being run.
    :param bot: the bot the task is for.
    :param application: the task's application, its documents opened.
    :param context: what the bot may reach, scope-checked and audited.
    :returns: the bot's outcome (errors propagate: the worker records a failed attempt).
    """
    raise NotImplementedError  # a spec has no body of its own; pluggy never calls it


@hookspec
def task_finished(task: Task, bot: Bot, result: ResultRecord, robot: str) -> list[AuditEvent]:
    """``bot`` reached a decision on ``task``: called before the result is stored.

    The audit events returned (the core audit's ``decision`` event first, then other
    plugins') are written in the transaction that stores ``result``, so a decision exists
    exactly when its trail does. When
    the worker's lease was lost meanwhile, the result is discarded and the events are written
    on their own with ``"stored": false`` in their detail.

    :param task: the finished task.
    :param bot: the bot that decided.
    :param result: the decision, reasons and extracted fields (personal data: never log it).
    :param robot: the robot identity the worker runs as (the audit actor).
    :returns: audit events to store with the result (an empty list for none).
    """
    raise NotImplementedError  # a spec has no body of its own; pluggy never calls it


@hookspec
def task_failed(task: Task, bot: Bot, error: str, status: TaskStatus | None) -> None:
    """An attempt of ``task`` failed (the bot raised): called after the failure is recorded.

    :param task: the task whose attempt failed (``task.attempts`` counts this one).
    :param bot: the bot that raised.
    :param error: what went wrong, without personal data (``SourceUnavailable: ...``).
    :param status: ``failed`` (retried later, or postponed by a source outage: then
        ``error`` starts ``source outage:`` and no attempt was spent), ``dead`` (no attempts
        left, a business error, or a source down for the whole outage budget), or None when
        the lease was lost before the failure could be recorded.
    """
