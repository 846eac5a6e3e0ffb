"""What ``veribot status`` and ``veribot plugins`` say about bots this deployment does not
serve and plugins that could not be loaded."""

from __future__ import annotations

from robotlib.config import Config
from robotlib.plugins.host import plugin_failures
from robotlib.plugins.serving import bot_serving


def serving_document(config: Config) -> dict[str, object]:
    """For ``--json``: the served bots, the others with why, and the plugins that failed."""
    serving = bot_serving(config)
    return {
        "served_bots": sorted(serving.served),
        "unserved_bots": [{"bot": name, "why": why} for name, why in serving.unserved.items()],
        "failed_plugins": [
            {"plugin": f.name, "distribution": f.distribution, "error": f.error}
            for f in plugin_failures()
        ],
    }


def serving_lines(config: Config) -> list[str]:
    """For people: one line per bot not served and per plugin that failed; none when all
    is well."""
    lines = [
        f"bot {name} is not served: it {why}" for name, why in bot_serving(config).unserved.items()
    ]
    lines += [str(failure) for failure in plugin_failures()]
    return lines
