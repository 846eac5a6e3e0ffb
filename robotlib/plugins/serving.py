"""Which installed bots a deployment serves: those whose required sources its veribot.toml
configures. Adding a bot never breaks a deployment that does not use it: the bot is just not
served, and ``veribot status`` / ``veribot plugins`` say why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from robotlib.plugins.host import get_bots

if TYPE_CHECKING:
    from robotlib.bot import Bot
    from robotlib.config import Config


@dataclass(frozen=True)
class BotServing:
    """The installed bots split into those a worker with this config runs and the others."""

    #: bots whose required sources are all configured, by name
    served: dict[str, type[Bot]]
    #: why each other bot is not served, by bot name: "needs [sources.X] in veribot.toml"
    unserved: dict[str, str]


def bot_serving(config: Config, bots: Mapping[str, type[Bot]] | None = None) -> BotServing:
    """Split ``bots`` (default: every loaded bot) by whether ``config`` has their sources."""
    served: dict[str, type[Bot]] = {}
    unserved: dict[str, str] = {}
    for name, bot in sorted((get_bots() if bots is None else bots).items()):
        missing = [source for source in bot.required_sources if source not in config.sources]
        if missing:
            tables = ", ".join(f"[sources.{source}]" for source in missing)
            unserved[name] = f"needs {tables} in veribot.toml (--config)"
        else:
            served[name] = bot
    return BotServing(served, unserved)


def unserved_kinds(config: Config) -> dict[str, str]:
    """Why no worker serves each installed bot's kind, for ``submit`` to refuse those
    applications; empty when ``config`` has no ``[sources]`` at all: that is an intake-only
    host whose workers are configured elsewhere, so it cannot tell."""
    return bot_serving(config).unserved if config.sources else {}
