"""The bot worker: a process role that claims tasks, runs their bots and stores the outcomes."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
import traceback
from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from robotlib.audit.plugin import decision_event
from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.config import Config
from robotlib.errors import (
    BusinessError,
    ConfigError,
    SourceOutage,
    SourceUnavailable,
    VeribotError,
)
from robotlib.logs import setup_logging
from robotlib.masking import mask_text
from robotlib.model import Application, ReasonCode, ResultRecord, Task, TaskStatus
from robotlib.ocr.engine import OcrEngine, OcrEngineFactory
from robotlib.permissions import ALL_POOLS, Grants
from robotlib.plugins.host import (
    get_ocr_engine_factories,
    get_plugin_manager,
    get_source_factories,
)
from robotlib.plugins.serving import bot_serving
from robotlib.sources.base import SourceFactory
from scheduler.audit_log import AuditLog
from scheduler.document_folders import remove_abandoned_folders
from scheduler.errors import SchedulerError
from scheduler.lease import LeaseKeeper
from scheduler.opened_documents import opened_documents
from scheduler.outages import SourceOutages
from scheduler.parent_watch import ParentWatch, signal_me_when_parent_dies
from scheduler.pool import open_configured_pool
from scheduler.pool.base import TaskPool
from scheduler.robots import pool_permissions, seed_first_robot
from scheduler.settings import WorkerSettings
from scheduler.signals import stop_on_signals
from scheduler.sources import ConfiguredSources
from scheduler.takeable import untakeable

if TYPE_CHECKING:
    from loguru import Logger

#: exit status of a worker process that could not start (configuration, plugins): restarting
#: it would fail the same way
EXIT_STARTUP_FAILED = 3
OCR_SCOPE = "ocr"


def default_worker_id() -> str:
    """``host:pid``: unique among the live workers of every host sharing a pool."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Worker:
    """Claims tasks for its bots one at a time and runs each under a renewed lease.

    Runs as a robot identity (``[security] robot``, or ``robot``) and claims only tasks of
    pools the robot works in whose scopes it holds there (and of ``pools`` only, when given).
    Grants are re-read from the pool database every ``settings.policy_refresh_seconds``, so
    ``veribot robots grant|revoke|assign`` reaches running workers within seconds. A pool
    database without any rule yet gets one: the robot works everywhere with its bots' scopes.

    When nothing is claimable it waits for the pool's wake-up signal, so new work starts
    within milliseconds. A task that meets a source outage (``SourceOutage``) is postponed
    without spending an attempt, and the worker claims no task that needs that source until
    its next trial (``scheduler.outages``); after ``[sources] outage_budget`` of postponements
    the task is dead, decision review with ``SOURCE_UNAVAILABLE``. The OCR engine is loaded
    once, and only when one of the bots needs scope ``ocr``; sources connect on first use.
    Source queries, refusals and decisions go to the audit log.

    ``bots``, ``source_factories`` and ``ocr_factories`` default to what the loaded plugins
    register; tests may pass their own. Of the bots, only those whose required sources the
    config has are served (``served_bots``).
    """

    def __init__(
        self,
        config: Config,
        pool: TaskPool,
        *,
        settings: WorkerSettings | None = None,
        worker_id: str | None = None,
        bots: Mapping[str, type[Bot]] | None = None,
        source_factories: Mapping[str, SourceFactory] | None = None,
        ocr_factories: Mapping[str, OcrEngineFactory] | None = None,
        pools: Collection[str] | None = None,
        robot: str | None = None,
    ) -> None:
        self.config = config
        self.pool = pool
        self.settings = settings or WorkerSettings()
        self.worker_id = worker_id or default_worker_id()
        self.pools = None if pools is None else sorted(pools)
        self.bots: dict[str, Bot] = {
            name: bot_class() for name, bot_class in served_bots(config, bots).items()
        }
        self.kinds = sorted(self.bots)
        self.scopes_held = frozenset().union(*(bot.scopes for bot in self.bots.values()))
        self.robot = robot or config.security.robot
        self.audit = AuditLog(pool)
        self.hooks = get_plugin_manager().hook
        self.permissions = pool_permissions(pool)
        self._seed_permissions()
        self.grants = self.permissions.grants(self.robot)
        self._grants_read = time.monotonic()
        if not self.grants.by_pool:
            raise SchedulerError(
                f"robot {self.robot!r} works in no pool: "
                f"veribot robots assign {self.robot} --pool POOL (or --pool '*')"
            )
        factories = get_source_factories() if source_factories is None else source_factories
        self.sources = ConfiguredSources(config, factories)
        self.outages = SourceOutages(self.settings.retry_delay)
        self.ocr: OcrEngine | None = None
        if OCR_SCOPE in self.scopes_held:
            self.ocr = self._load_ocr(
                get_ocr_engine_factories() if ocr_factories is None else ocr_factories
            )
        self.hooks.worker_started(worker_id=self.worker_id, config=config)

    def _load_ocr(self, factories: Mapping[str, OcrEngineFactory]) -> OcrEngine:
        engine = self.config.ocr.engine
        if engine not in factories:
            known = ", ".join(sorted(factories)) or "none"
            raise ConfigError(
                f"[ocr] engine {engine!r} is provided by no loaded plugin (known: {known})"
            )
        return factories[engine](self.config.ocr.threads)

    def _seed_permissions(self) -> None:
        """The first worker on a pool without rules grants its robot its bots' scopes."""
        granted = seed_first_robot(
            self.pool, self.permissions, self.robot, self.scopes_held, "veribot"
        )
        if granted is not None:
            logger.warning(
                "no robot permissions yet: robot {robot} granted {scopes} in every pool "
                "(manage them with `veribot robots`)",
                robot=self.robot,
                scopes=", ".join(granted) or "nothing",
            )

    def current_grants(self) -> Grants:
        """The robot's grants, re-read when older than ``policy_refresh_seconds``."""
        if time.monotonic() - self._grants_read >= self.settings.policy_refresh_seconds:
            self.permissions.reload()
            self.grants = self.permissions.grants(self.robot)
            self._grants_read = time.monotonic()
        return self.grants

    def _claim(self) -> list[Task]:
        """One task this robot may run: each group of pools with the same grants in turn,
        without the scopes of the sources that are down."""
        down = self.outages.scopes_down()
        for held, pools in claim_groups(self.current_grants(), self.pools):
            tasks = self.pool.claim(
                self.worker_id, self.kinds, held - down, 1, self.settings.lease_seconds, pools
            )
            if tasks:
                return tasks
        return []

    def run(self, stop: threading.Event, *, until_empty: bool = False) -> int:
        """Process tasks until ``stop`` is set; a task in progress is always finished first.

        :param until_empty: also return once no task of this worker's kinds and pools is
            pending, failed or running: a running task may still come back (its worker
            crashed), so the worker waits until the pool is really empty.
        :returns: how many tasks this worker processed.
        """
        processed = 0
        while not stop.is_set():
            tasks = self._claim()
            if not tasks:
                if until_empty and self._nothing_left():
                    break
                self.pool.wait_for_work(self.settings.poll_seconds)
                continue
            for task in tasks:
                self.process(task)
                processed += 1
        return processed

    def _nothing_left(self) -> bool:
        """Nothing unfinished that this worker could take: no task of its kinds running in its
        pools (it may come back) and none waiting whose scopes its robot holds there. Tasks
        it cannot take are not waited for: no grant will come from waiting."""
        grants = self.current_grants()
        pools = served_pools(grants, self.pools)
        if pools is not None and not pools:
            return True
        if self.pool.counts(self.kinds, pools=pools)[TaskStatus.RUNNING]:
            return False
        waiting = [
            group
            for group in self.pool.waiting_needs()
            if group.kind in self.kinds and (pools is None or group.pool in pools)
        ]
        return len(untakeable(waiting, grants)) == len(waiting)

    def process(self, task: Task) -> None:
        """Run ``task``'s bot and store the decision, or record the failed attempt; then
        audit what the bot queried and what came of it."""
        bot = self.bots[task.kind]
        context = self._context(bot, task.ref, task.pool)
        self.hooks.task_started(task=task, bot=bot)
        try:
            self._outcome(task, bot, context)
        finally:
            self.audit.record(context.audit)

    def _outcome(self, task: Task, bot: Bot, context: BotContext) -> None:
        log = logger.bind(task=task.ref, bot=bot.name, attempt=task.attempts)
        started = time.monotonic()
        try:
            with (
                LeaseKeeper(self.pool, task, self.settings.lease_seconds),
                opened_documents(self.pool, task) as application,
            ):
                outcome = self.hooks.run_task(
                    task=task, bot=bot, application=application, context=context
                )
        except SourceOutage as exc:
            self._postpone(task, log, exc)
            return
        except SourceUnavailable as exc:
            error = f"source unavailable: {mask_text(str(exc))}"
            self._retry_or_bury(task, log, error, [ReasonCode.SOURCE_UNAVAILABLE])
            return
        except BusinessError as exc:
            # a rule says no (bad input included): another attempt would fail the same way
            self._retry_or_bury(task, log, describe_error(exc), [], business=True)
            return
        except Exception as exc:
            self._retry_or_bury(task, log, describe_error(exc), [])
            return
        result = self._result(task.ref, bot, outcome, task.attempts)
        contributed = self.hooks.task_finished(task=task, bot=bot, result=result, robot=self.robot)
        events = [event for events in contributed for event in events or ()]
        # the decision and what led to it are audited in the transaction that stores it
        trail = [*context.audit, *events]
        stored = self.pool.complete_with(task, result, lambda tx: self.audit.append(tx, trail))
        if stored:
            context.audit.clear()
        else:
            context.audit.extend(
                replace(event, detail={**event.detail, "stored": False}) for event in events
            )
        if stored:
            log.info(
                "{decision} in {seconds:.2f}s",
                decision=result.decision,
                seconds=time.monotonic() - started,
            )
        else:
            log.warning("lease lost before the result was stored: result discarded")

    def verify(self, application: Application) -> ResultRecord:
        """Decide ``application`` in this process, outside the pool (nothing is stored).

        For a robot that verifies one application inline; errors propagate to the caller.

        :raises SchedulerError: no loaded bot handles the application's kind.
        """
        bot = self.bots.get(application.kind)
        if bot is None:
            raise SchedulerError(
                f"no loaded bot handles kind {application.kind!r} (loaded: {', '.join(self.kinds)})"
            )
        context = self._context(bot, application.ref, application.branch)
        try:
            outcome = bot.verify(application, context)
            result = self._result(application.ref, bot, outcome, attempts=1)
            event = decision_event(self.robot, result, bot)
            context.audit.append(replace(event, detail={**event.detail, "inline": True}))
        finally:
            self.audit.record(context.audit)
        return result

    def _result(self, ref: str, bot: Bot, outcome: BotOutcome, attempts: int) -> ResultRecord:
        return ResultRecord(
            ref=ref,
            status=TaskStatus.DONE,
            decision=self.config.policy.decide(outcome.reasons),
            reasons=list(outcome.reasons),
            risk_score=outcome.risk_score,
            fields=outcome.fields,
            recommendations=list(outcome.recommendations),
            details=dict(outcome.details),
            bot=bot.name,
            attempts=attempts,
        )

    def _context(self, bot: Bot, ref: str, pool: str) -> BotContext:
        """What ``bot`` may reach for application ``ref`` of ``pool``: its declared scopes
        that the robot holds there."""
        return BotContext(
            bot_name=bot.name,
            scopes=bot.scopes & self.current_grants().in_pool(pool),
            sources=self.sources,
            ocr=self.ocr,
            ref=ref,
            actor=self.robot,
        )

    def _postpone(self, task: Task, log: Logger, outage: SourceOutage) -> None:
        """Put ``task`` back until ``outage``'s source may be tried again, attempt unspent;
        dead (review) once the task has waited out the whole outage budget."""
        until = self.outages.record(outage.source, outage.trial_at)
        error = f"source outage: {mask_text(str(outage))}"
        budget = self.config.source_outages.outage_budget
        status = self.pool.postpone(
            task, until, error, [ReasonCode.SOURCE_UNAVAILABLE], budget_seconds=budget
        )
        self.hooks.task_failed(task=task, bot=self.bots[task.kind], error=error, status=status)
        if status is TaskStatus.DEAD:
            log.error(
                "dead: source down for the whole outage budget ({budget:g}s): {error}",
                budget=budget,
                error=error,
            )
        elif status is TaskStatus.FAILED:
            log.warning(
                "postponed {delay:.1f}s, no attempt spent: {error}",
                delay=max(0.0, until - time.time()),
                error=error,
            )
        else:
            log.warning("lease lost before the postponement was recorded")

    def _retry_or_bury(
        self, task: Task, log: Logger, error: str, reasons: list[str], *, business: bool = False
    ) -> None:
        delay = self.settings.retry_delay(task.attempts)
        status = self.pool.fail(task, error, delay, reasons, business=business)
        self.hooks.task_failed(task=task, bot=self.bots[task.kind], error=error, status=status)
        if status is TaskStatus.DEAD:
            log.error(
                "dead {why}: {error}",
                why="at once (business error)" if business else f"after {task.attempts} attempts",
                error=error,
            )
        elif status is TaskStatus.FAILED:
            log.warning("failed, retry in {delay:.1f}s: {error}", delay=delay, error=error)
        else:
            log.warning("lease lost before the failure was recorded")


def claim_groups(
    grants: Grants, wanted: Collection[str] | None
) -> list[tuple[frozenset[str], list[str] | None]]:
    """The claims a robot makes: for each set of scopes it holds, the pools it holds them in
    (None: every pool), narrowed to ``wanted`` pools when given."""
    groups: dict[frozenset[str], list[str]] = {}
    for pool, scopes in sorted(grants.by_pool.items()):
        groups.setdefault(scopes, []).append(pool)
    claims: list[tuple[frozenset[str], list[str] | None]] = []
    for scopes, pools in groups.items():
        narrowed: list[str] | None
        if ALL_POOLS in pools:
            narrowed = None if wanted is None else sorted(wanted)
        else:
            narrowed = pools if wanted is None else [p for p in pools if p in wanted]
        if narrowed is None or narrowed:
            claims.append((scopes, narrowed))
    return claims


def served_pools(grants: Grants, wanted: Collection[str] | None) -> list[str] | None:
    """The pools a robot takes tasks from (None: every pool), within ``wanted``."""
    if ALL_POOLS in grants.by_pool:
        return None if wanted is None else sorted(wanted)
    return sorted(p for p in grants.by_pool if wanted is None or p in wanted)


def served_bots(
    config: Config, bots: Mapping[str, type[Bot]] | None = None
) -> dict[str, type[Bot]]:
    """The bots a worker with ``config`` runs: those whose required sources it configures
    (``bots`` defaults to every loaded bot). The others are left out with a warning, so a
    newly installed bot never stops a deployment that does not use it.

    :raises SchedulerError: no bot is loaded.
    :raises ConfigError: no loaded bot can run with ``config`` (the message says what each
        one needs): the worker would never claim anything.
    """
    serving = bot_serving(config, bots)
    if not serving.served and not serving.unserved:
        raise SchedulerError("no bot is loaded: install a bot plugin or check VERIBOT_LOAD_PLUGINS")
    if not serving.served:
        why = "; ".join(f"bot {name!r} {reason}" for name, reason in serving.unserved.items())
        raise ConfigError(f"no loaded bot can run with this configuration: {why}")
    for name, reason in serving.unserved.items():
        logger.warning("bot {name} is not served: it {reason}", name=name, reason=reason)
    return serving.served


def describe_error(exc: BaseException) -> str:
    """What went wrong, fit for the pool and the log: no personal data.

    veribot's own errors are written without personal data and say what to do; other
    exceptions may quote the input (``KeyError('张伟')``), so only their type and the place
    they were raised are kept.
    """
    if isinstance(exc, VeribotError):
        return f"{type(exc).__name__}: {mask_text(str(exc))}"
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{where} (message withheld: it may contain personal data)"


def run_worker_process(
    config: Config,
    settings: WorkerSettings,
    until_empty: bool,
    pools: Collection[str] | None = None,
    parent_pid: int | None = None,
) -> None:
    """Entry point of a worker process: opens its own pool connection and OCR engine, and
    takes tasks of ``pools`` only (None: every pool).

    Exits 0 when stopped (SIGTERM / SIGINT, after the current task), when its parent
    ``parent_pid`` dies (the kernel's SIGTERM on Linux, and a watch of the parent pid
    everywhere: within a heartbeat, plus the task in hand) or, with ``until_empty``, when
    nothing is left to claim; exits ``EXIT_STARTUP_FAILED`` when it cannot start.
    """
    setup_logging(verbose=settings.verbose)
    remove_abandoned_folders()
    with stop_on_signals() as stop:
        if parent_pid is not None:
            signal_me_when_parent_dies()
            ParentWatch(parent_pid, stop, settings.heartbeat_seconds).start()
        try:
            pool = open_configured_pool(config)
        except Exception as exc:
            logger.error("worker cannot open the pool: {error}", error=str(exc))
            sys.exit(EXIT_STARTUP_FAILED)
        with pool:
            try:
                worker = Worker(config, pool, settings=settings, pools=pools)
            except Exception as exc:
                logger.error("worker cannot start: {error}", error=f"{type(exc).__name__}: {exc}")
                sys.exit(EXIT_STARTUP_FAILED)
            logger.debug(
                "worker {worker} ready for {kinds}", worker=worker.worker_id, kinds=worker.kinds
            )
            worker.run(stop, until_empty=until_empty)
