"""Running one task: the bot decides, then the settlement is stored. Every face takes this path.

Two halves, so that a caller may store settlements its own way (one by one, in batches, or
not at all when verifying inline):

- ``Execution.decide`` runs the lifecycle: ``task_started``, ``run_task`` (the bot), the
  decision policy, ``task_finished``; it returns a ``Verdict`` and writes nothing.
- ``PoolSettlement.store`` records a verdict in the pool: the result with its audit trail in
  one transaction, a failed attempt, or a postponement; then ``task_failed`` for failures.
  ``inline_trail`` is the settlement of a decision that is not stored (audit only).

The worker, ``Worker.verify`` (``Verify Application``), the WorkItems adapter and the web
API call these two and nothing else to decide an application.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pluggy
from loguru import logger

from robotlib.audit.events import AuditEvent
from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.config import Config
from robotlib.errors import BusinessError, SourceOutage, SourceUnavailable, VeribotError
from robotlib.masking import mask_text
from robotlib.model import Application, ReasonCode, ResultRecord, Task, TaskStatus
from robotlib.plugins.host import get_plugin_manager
from scheduler.audit_log import AuditLog
from scheduler.db import Transaction
from scheduler.outages import SourceOutages
from scheduler.pool.base import TaskPool
from scheduler.pool.ordering import priority_of
from scheduler.settings import WorkerSettings

#: how the bot's application is reached: a context manager that yields it (documents opened,
#: lease renewed, whatever the face needs around the bot's run)
Opened = Callable[[], AbstractContextManager[Application]]


@dataclass(frozen=True)
class Decided:
    """The bot reached a decision."""

    result: ResultRecord
    #: the ``task_finished`` events (the ``decision`` event first), stored with the result
    events: list[AuditEvent]
    #: seconds from ``task_started`` to the decision
    seconds: float


@dataclass(frozen=True)
class Failed:
    """The attempt failed: retried later, or dead when ``business`` or out of attempts."""

    #: what went wrong, without personal data
    error: str
    #: reason codes of the review result if the task dies of it
    reasons: list[str] = field(default_factory=list)
    #: a rule said no: another attempt would fail the same way
    business: bool = False
    #: what the bot raised (inline callers re-raise it)
    exception: BaseException | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Postponed:
    """A source the task needs is down: the task waits for it, no attempt spent."""

    outage: SourceOutage
    #: what went wrong, without personal data
    error: str


Verdict = Decided | Failed | Postponed
#: stores ``(task, result)`` pairs and runs the callback in the same transaction with which
#: were stored: ``TaskPool.complete_many_with`` or a ``complete_and_claim`` bound to a claim
StoreMany = Callable[
    [Sequence[tuple[Task, ResultRecord]], Callable[[Transaction, list[bool]], object]],
    list[bool],
]


class Execution:
    """Decides tasks as robot identity ``robot`` under ``config``'s decision policy."""

    def __init__(self, config: Config, robot: str, hooks: pluggy.HookRelay | None = None) -> None:
        self.config = config
        self.robot = robot
        self.hooks = hooks or get_plugin_manager().hook

    def decide(self, task: Task, bot: Bot, context: BotContext, opened: Opened) -> Verdict:
        """Run ``bot`` on ``task`` through the lifecycle hooks and the policy.

        :param context: what the bot may reach; its ``audit`` collects what the bot queried
            (the caller stores it with the settlement).
        :param opened: yields the application the bot verifies; an error it raises is a
            failed attempt like the bot's own.
        """
        started = time.monotonic()
        self.hooks.task_started(task=task, bot=bot)
        try:
            with opened() as application:
                outcome = self.hooks.run_task(
                    task=task, bot=bot, application=application, context=context
                )
        except SourceOutage as exc:
            return Postponed(exc, f"source outage: {mask_text(str(exc))}")
        except SourceUnavailable as exc:
            error = f"source unavailable: {mask_text(str(exc))}"
            return Failed(error, [ReasonCode.SOURCE_UNAVAILABLE], exception=exc)
        except BusinessError as exc:
            # a rule says no (bad input included): another attempt would fail the same way
            return Failed(describe_error(exc), business=True, exception=exc)
        except Exception as exc:
            return Failed(describe_error(exc), exception=exc)
        result = self.result(task, bot, outcome)
        contributed = self.hooks.task_finished(task=task, bot=bot, result=result, robot=self.robot)
        events = [event for events in contributed for event in events or ()]
        return Decided(result, events, time.monotonic() - started)

    def result(self, task: Task, bot: Bot, outcome: BotOutcome) -> ResultRecord:
        """The result record of ``outcome``: the policy decides from its reasons."""
        return ResultRecord(
            ref=task.ref,
            status=TaskStatus.DONE,
            decision=self.config.policy.decide(outcome.reasons),
            reasons=list(dict.fromkeys(outcome.reasons)),
            risk_score=outcome.risk_score,
            fields=outcome.fields,
            recommendations=list(outcome.recommendations),
            details=dict(outcome.details),
            bot=bot.name,
            attempts=task.attempts,
        )


class PoolSettlement:
    """Stores verdicts in ``pool``: results with their audit trail, failures, postponements."""

    def __init__(
        self,
        pool: TaskPool,
        config: Config,
        settings: WorkerSettings,
        outages: SourceOutages,
        hooks: pluggy.HookRelay | None = None,
    ) -> None:
        self.pool = pool
        self.config = config
        self.settings = settings
        self.outages = outages
        self.audit = AuditLog(pool)
        self.hooks = hooks or get_plugin_manager().hook

    def store(
        self, task: Task, bot: Bot, verdict: Verdict, context: BotContext
    ) -> TaskStatus | None:
        """Record ``verdict`` of ``task`` and the audit trail of ``context``; a failure then
        goes to the ``task_failed`` hook.

        :returns: the task's status now (done, failed or dead), or None when its lease was
            lost first (nothing of the task was written; the trail is, marked unstored).
        """
        try:
            if isinstance(verdict, Decided):
                [stored] = self.complete_many([(task, verdict, list(context.audit))])
                context.audit.clear()
                return TaskStatus.DONE if stored else None
            status = self.record_failure(task, verdict)
            self.hooks.task_failed(task=task, bot=bot, error=verdict.error, status=status)
            return status
        finally:
            self.audit.record(context.audit)
            context.audit.clear()

    def complete_many(
        self,
        decided: Sequence[tuple[Task, Decided, list[AuditEvent]]],
        store: StoreMany | None = None,
    ) -> list[bool]:
        """Store the results of ``decided`` (task, verdict, what its bot queried) in one
        transaction with their audit trails: what the bot queried, then the decision.
        A result whose lease was lost is discarded; its trail is written on its own, the
        ``task_finished`` events marked ``"stored": false``.

        :param store: how the results go in with the audit callback, in one transaction
            (default: ``TaskPool.complete_many_with``; the dispatcher passes one that claims
            the next tasks in it too, ``TaskPool.complete_and_claim``).
        :returns: for each item, whether its result was stored.
        """
        trails = [[*queried, *verdict.events] for _, verdict, queried in decided]

        def audit_stored(tx: Transaction, stored: list[bool]) -> None:
            kept = zip(stored, trails, strict=True)
            self.audit.append(tx, [event for ok, trail in kept if ok for event in trail])

        stored = (store or self.pool.complete_many_with)(
            [(task, verdict.result) for task, verdict, _ in decided], audit_stored
        )
        lost: list[AuditEvent] = []
        for ok, (task, verdict, queried) in zip(stored, decided, strict=True):
            log = logger.bind(task=task.ref, bot=verdict.result.bot, attempt=task.attempts)
            if ok:
                log.info(
                    "{decision} in {seconds:.2f}s",
                    decision=verdict.result.decision,
                    seconds=verdict.seconds,
                )
            else:
                lost += [*queried, *unstored(verdict.events)]
                log.warning("lease lost before the result was stored: result discarded")
        self.audit.record(lost)
        return stored

    def record_failure(self, task: Task, verdict: Failed | Postponed) -> TaskStatus | None:
        """Record a failed attempt or a postponement of ``task`` (no hook is called).

        :returns: the task's status now (failed or dead), or None when its lease was lost.
        """
        if isinstance(verdict, Postponed):
            return self._postpone(task, verdict)
        return self._fail(task, verdict)

    def _postpone(self, task: Task, postponed: Postponed) -> TaskStatus | None:
        """Put ``task`` back until the source may be tried again, attempt unspent; dead
        (review) once the task has waited out the whole outage budget."""
        log = logger.bind(task=task.ref, bot=task.kind, attempt=task.attempts)
        outage, error = postponed.outage, postponed.error
        until = self.outages.record(outage.source, outage.trial_at)
        budget = self.config.source_outages.outage_budget
        status = self.pool.postpone(
            task, until, error, [ReasonCode.SOURCE_UNAVAILABLE], budget_seconds=budget
        )
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
        return status

    def _fail(self, task: Task, failed: Failed) -> TaskStatus | None:
        log = logger.bind(task=task.ref, bot=task.kind, attempt=task.attempts)
        delay = self.settings.retry_delay(task.attempts)
        error, business = failed.error, failed.business
        status = self.pool.fail(task, error, delay, failed.reasons, business=business)
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
        return status


def inline_trail(verdict: Verdict, context: BotContext) -> list[AuditEvent]:
    """The audit trail of a verdict reached outside the pool (nothing stored): what the bot
    queried, then the ``task_finished`` events marked ``"inline": true``."""
    events = verdict.events if isinstance(verdict, Decided) else []
    return [*context.audit, *(replace(e, detail={**e.detail, "inline": True}) for e in events)]


def unstored(events: list[AuditEvent]) -> list[AuditEvent]:
    """``events`` marked ``"stored": false``: their result was discarded (lease lost)."""
    return [replace(event, detail={**event.detail, "stored": False}) for event in events]


def inline_task(application: Application) -> Task:
    """The task an application verified outside the pool stands for (first attempt, no
    lease): what the lifecycle hooks receive."""
    return Task(
        id=0,
        ref=application.ref,
        kind=application.kind,
        pool=application.branch,
        priority=priority_of(application).value,
        attempts=1,
        lease_token="",
        payload=application.model_dump_json(),
    )


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
