"""Core plugin: the default ``run_task``, which lets the bot verify the application.

``trylast``: a plugin that replaces how tasks run (rarely wanted) is asked first; wrappers
(timing, log context) wrap this call either way.
"""

from __future__ import annotations

from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.model import Application, Task
from robotlib.plugins.host import hookimpl


@hookimpl(trylast=True)
def run_task(task: Task, bot: Bot, application: Application, context: BotContext) -> BotOutcome:
    outcome = bot.verify(application, context)
    if not isinstance(outcome, BotOutcome):
        raise TypeError(
            f"bot {bot.name!r} returned {type(outcome).__name__} for task {task.ref}, "
            "not a BotOutcome"
        )
    return outcome
