"""Which installed bots a deployment serves: those whose required sources its veribot.toml
configures, each serving the dataset the bot declares (``Bot.datasets``). Adding a bot never
breaks a deployment that does not use it: the bot is just not served, and ``veribot status`` /
``veribot plugins`` say why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from robotlib.plugins.host import get_bots, get_datasets
from robotlib.sources.datasets import dataset_name

if TYPE_CHECKING:
    from robotlib.bot import Bot
    from robotlib.config import Config
    from robotlib.sources.datasets import DatasetKind


@dataclass(frozen=True)
class BotServing:
    """The installed bots split into those a worker with this config runs and the others."""

    #: bots whose required sources are all configured, by name
    served: dict[str, type[Bot]]
    #: why each other bot is not served, by bot name, on one line: "needs [sources.X] in
    #: veribot.toml", "needs [sources.X] to serve dataset "K", not "J""
    unserved: dict[str, str]


def bot_serving(
    config: Config,
    bots: Mapping[str, type[Bot]] | None = None,
    datasets: Mapping[str, DatasetKind] | None = None,
) -> BotServing:
    """Split ``bots`` (default: every loaded bot) by whether ``config`` has their sources,
    each serving the dataset the bot declares (``datasets``: the registered kinds, default
    every loaded plugin's)."""
    served: dict[str, type[Bot]] = {}
    unserved: dict[str, str] = {}
    bots = get_bots() if bots is None else bots
    kinds: Mapping[str, DatasetKind] | None = datasets
    for name, bot in sorted(bots.items()):
        if bot.datasets and kinds is None:
            kinds = get_datasets()
        lacks = _missing_sources(config, bot) + _dataset_mismatches(config, bot, kinds or {})
        if lacks:
            unserved[name] = "; ".join(lacks)
        else:
            served[name] = bot
    return BotServing(served, unserved)


def _missing_sources(config: Config, bot: type[Bot]) -> list[str]:
    """ "needs [sources.X], [sources.Y] in veribot.toml", when the bot's sources are absent."""
    wanted = dict.fromkeys([*bot.required_sources, *bot.datasets])
    missing = [source for source in wanted if source not in config.sources]
    if not missing:
        return []
    tables = ", ".join(_table(source, bot.datasets.get(source)) for source in missing)
    return [f"needs {tables} in veribot.toml (--config)"]


def _table(source: str, dataset: str | None) -> str:
    if dataset is None or dataset == source:
        return f"[sources.{source}]"
    return f'[sources.{source}] with dataset = "{dataset}"'


def _dataset_mismatches(
    config: Config, bot: type[Bot], kinds: Mapping[str, DatasetKind]
) -> list[str]:
    """What is wrong with the configured sources of the datasets ``bot`` declares."""
    problems = []
    for source, wanted in bot.datasets.items():
        if wanted not in kinds:
            problems.append(f"needs dataset {wanted!r}, which no loaded plugin registers")
            continue
        table = config.sources.get(source)
        if table is None:
            continue
        serves = dataset_name(source, table.options)
        if serves != wanted:
            problems.append(f'needs [sources.{source}] to serve dataset "{wanted}", not "{serves}"')
    return problems


def unserved_kinds(config: Config) -> dict[str, str]:
    """Why no worker serves each installed bot's kind, for ``submit`` to refuse those
    applications; empty when ``config`` has no ``[sources]`` at all: that is an intake-only
    host whose workers are configured elsewhere, so it cannot tell."""
    return bot_serving(config).unserved if config.sources else {}
