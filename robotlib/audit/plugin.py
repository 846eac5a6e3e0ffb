"""Core plugin: every decision is audited with the result it belongs to.

``task_finished`` returns the ``decision`` event; the worker writes it in the transaction that
stores the result. The detail holds the bot, the decision and the reason codes: no personal
data.
"""

from __future__ import annotations

from robotlib.audit.events import DECISION, AuditEvent
from robotlib.bot import Bot
from robotlib.model import ResultRecord, Task
from robotlib.plugins.host import hookimpl


def decision_event(robot: str, result: ResultRecord, bot: Bot) -> AuditEvent:
    """The audit event of ``result``, acted by ``robot``."""
    decision = None if result.decision is None else result.decision.value
    detail = {"bot": bot.name, "decision": decision, "reasons": list(result.reasons)}
    return AuditEvent(robot, DECISION, result.ref, detail)


# tryfirst: the decision heads the trail, before the events other plugins add about it
@hookimpl(tryfirst=True)
def task_finished(task: Task, bot: Bot, result: ResultRecord, robot: str) -> list[AuditEvent]:
    return [decision_event(robot, result, bot)]
