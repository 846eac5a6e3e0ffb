"""What the registered bots declare besides their name, collected by the plugin host: the
default levels of their own reason codes and what their kinds' applications must carry.

A bot class counts only once a plugin registers it (``register_bots``): defining one changes
nothing.
"""

from __future__ import annotations

from robotlib.model.application import KindRequirements
from robotlib.model.policy import merge_declared_levels
from robotlib.model.reasons import Decision
from robotlib.plugins.host import bot_plugins, get_bots


def declared_reason_levels() -> dict[str, Decision]:
    """The default decision of each reason code a registered bot declares
    (``Bot.reason_levels``), by code.

    :raises PluginError: a code is built in or defaults to approve, or two bots declare one
        code with different levels (the error names both plugins and bots).
    """
    owners = bot_plugins()
    return merge_declared_levels(
        (f"plugin {owners[name]} (bot {name!r})", bot.reason_levels)
        for name, bot in get_bots().items()
    )


def kind_requirements() -> KindRequirements:
    """What the applications of each registered bot's kind must carry
    (``Bot.requires_business``), for validating applications at intake."""
    return KindRequirements(
        needs_business=frozenset(name for name, bot in get_bots().items() if bot.requires_business)
    )
