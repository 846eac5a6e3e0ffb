"""A plugin object that registers the given bot classes, for ``helpers.plugins.registered``."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from robotlib.bot import Bot
from robotlib.plugins.host import hookimpl


def bots_plugin(*bots: type[Bot]) -> SimpleNamespace:
    """A plugin whose ``register_bots`` registers ``bots``."""

    @hookimpl
    def register_bots(register: Callable[[type[Bot]], None]) -> None:
        for bot in bots:
            register(bot)

    return SimpleNamespace(register_bots=register_bots)
