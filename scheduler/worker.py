"""The bot worker: a process role that claims tasks, runs their bots and stores the outcomes."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager, nullcontext

from loguru import logger

from robotlib.bot import Bot, BotContext
from robotlib.config import Config
from robotlib.errors import ConfigError
from robotlib.model import Application, ResultRecord, Task, TaskStatus
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
from scheduler.errors import SchedulerError
from scheduler.execution import (
    Execution,
    Failed,
    PoolSettlement,
    Postponed,
    Verdict,
    inline_task,
    inline_trail,
)
from scheduler.lease import LeaseKeeper
from scheduler.opened_documents import opened_documents
from scheduler.outages import SourceOutages
from scheduler.pool.base import TaskPool
from scheduler.robots import pool_permissions, seed_first_robot
from scheduler.settings import WorkerSettings
from scheduler.sources import ConfiguredSources
from scheduler.takeable import untakeable

OCR_SCOPE = "ocr"


def default_worker_id() -> str:
    """``host:pid``: unique among the live workers of every host sharing a pool."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Worker:
    """A robot's bots, sources and OCR engine, deciding tasks through ``scheduler.execution``.

    In a worker process of ``veribot run`` / ``veribot worker`` it only decides the tasks its
    host's dispatcher hands it (``scheduler.worker_process``); on its own (``run``: tests,
    ``veribot.testing``, a robot verifying inline) it claims tasks one at a time, runs each
    under a renewed lease and stores the outcome itself.

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
        #: False in a worker process whose dispatcher renews the leases of its tasks
        self.renews_leases = True
        self.execution = Execution(config, self.robot, self.hooks)
        self.settlement = PoolSettlement(pool, config, self.settings, self.outages, self.hooks)
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
        """Nothing unfinished that this worker could take (``nothing_left``)."""
        return nothing_left(self.pool, self.kinds, self.current_grants(), self.pools)

    def process(self, task: Task) -> None:
        """Run ``task``'s bot and store the decision, or record the failed attempt; then
        audit what the bot queried and what came of it."""
        verdict, context = self.decide(task)
        try:
            self.settlement.store(task, self.bots[task.kind], verdict, context)
        finally:
            self.audit.record(context.audit)

    def decide(self, task: Task) -> tuple[Verdict, BotContext]:
        """Run ``task``'s bot (nothing is stored): the verdict, and the context whose
        ``audit`` holds what the bot queried."""
        bot = self.bots[task.kind]
        context = self._context(bot, task.ref, task.pool)
        try:
            return self.execution.decide(task, bot, context, lambda: self._held(task)), context
        except BaseException:
            self.audit.record(context.audit)
            raise

    @contextmanager
    def _held(self, task: Task) -> Iterator[Application]:
        """``task``'s application, its documents opened, its lease renewed meanwhile (unless
        a dispatcher renews it: ``renews_leases`` False)."""
        keeper = (
            LeaseKeeper(
                self.pool, task, self.settings.lease_seconds, self.settings.heartbeat_seconds
            )
            if self.renews_leases
            else nullcontext()
        )
        with keeper, opened_documents(self.pool, task) as application:
            yield application

    def verify(self, application: Application) -> ResultRecord:
        """Decide ``application`` in this process, outside the pool (only the audit trail is
        stored, marked inline): the same lifecycle hooks and policy as a pooled task.

        For a robot that verifies one application inline; errors propagate to the caller.

        :raises SchedulerError: no loaded bot handles the application's kind.
        """
        bot = self.bots.get(application.kind)
        if bot is None:
            raise SchedulerError(
                f"no loaded bot handles kind {application.kind!r} (loaded: {', '.join(self.kinds)})"
            )
        context = self._context(bot, application.ref, application.branch)
        task = inline_task(application)
        try:
            verdict = self.execution.decide(task, bot, context, lambda: nullcontext(application))
            self.audit.record(inline_trail(verdict, context))
            context.audit.clear()
        finally:
            self.audit.record(context.audit)
        if isinstance(verdict, Postponed):
            raise verdict.outage
        if isinstance(verdict, Failed):
            raise verdict.exception or SchedulerError(verdict.error)
        return verdict.result

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


def nothing_left(
    pool: TaskPool, kinds: Collection[str], grants: Grants, wanted: Collection[str] | None
) -> bool:
    """Nothing unfinished that a robot with ``grants`` running bots of ``kinds`` could take
    in ``wanted`` pools: no task of its kinds running in its pools (it may come back) and
    none waiting whose scopes the robot holds there. Tasks it cannot take are not waited
    for: no grant will come from waiting."""
    pools = served_pools(grants, wanted)
    if pools is not None and not pools:
        return True
    if pool.counts(kinds, pools=pools)[TaskStatus.RUNNING]:
        return False
    waiting = [
        group
        for group in pool.waiting_needs()
        if group.kind in kinds and (pools is None or group.pool in pools)
    ]
    return len(untakeable(waiting, grants)) == len(waiting)


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
