"""A plugin with one test bot, ``echo``: no OCR, no sources, steered by the application.

Worker processes load it with ``VERIBOT_LOAD_PLUGINS=tests.helpers.echo_bot`` (the repository
root must be on ``sys.path``; spawned processes inherit the parent's). The application's
``segment`` chooses what the bot does:

- ``sleep:S``: sleep S seconds, then decide as usual (for kills and signals mid-task)
- ``unavailable``: raise ``SourceUnavailable``
- ``crash``: raise an error whose message quotes the applicant's name and number
- ``review``: report ``GREYLIST_HIT``
- anything else: no reasons (approve); the form is echoed as the extracted fields
"""

from __future__ import annotations

import time
from collections.abc import Callable

from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.errors import SourceUnavailable
from robotlib.model import Application, IdentityFields, ReasonCode
from robotlib.plugins.host import hookimpl


class EchoBot(Bot):
    """Decides from the application alone."""

    name = "echo"

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        directive = application.segment or ""
        if directive.startswith("sleep:"):
            time.sleep(float(directive.removeprefix("sleep:")))
        if directive == "unavailable":
            raise SourceUnavailable("source echo_registry did not answer")
        if directive == "crash":
            applicant = application.applicant
            raise KeyError(f"{applicant.name} {applicant.id_number}")
        outcome = BotOutcome(
            fields=IdentityFields(
                name=application.applicant.name, id_number=application.applicant.id_number
            )
        )
        if directive == "review":
            outcome.add(ReasonCode.GREYLIST_HIT)
        return outcome


@hookimpl
def register_bots(register: Callable[[type[Bot]], None]) -> None:
    register(EchoBot)
