"""Built-in plugin: the ``personal_account`` bot (resident opening a personal account)."""

from __future__ import annotations

from collections.abc import Callable

from bots.personal_account.bot import PersonalAccountBot
from robotlib.bot import Bot
from robotlib.plugins.host import hookimpl


@hookimpl
def register_bots(register: Callable[[type[Bot]], None]) -> None:
    """The hook implementation: the personal-account bot."""
    register(PersonalAccountBot)
