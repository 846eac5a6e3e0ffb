"""The hooks a veribot plugin may implement: the public plugin contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from robotlib.bot import Bot
    from robotlib.ocr.engine import OcrEngineFactory
    from robotlib.sources.base import SourceFactory

hookspec = pluggy.HookspecMarker("veribot")


@hookspec
def register_bots(register: Callable[[type[Bot]], None]) -> None:
    """Register bot classes: call ``register(BotClass)`` once per bot.

    :param register: records the bot under ``BotClass.name``; a second bot with the same name
        is an error naming both plugins.
    """


@hookspec
def register_sources(register: Callable[[str, SourceFactory], None]) -> None:
    """Register source connector types: call ``register(type_name, factory)``.

    :param register: records ``factory`` for ``[sources.X] type = "type_name"`` in veribot.toml;
        ``factory(name, config, base_dir)`` returns the connector for the source ``name``.
    """


@hookspec
def register_ocr_engines(register: Callable[[str, OcrEngineFactory], None]) -> None:
    """Register OCR engines: call ``register(engine_name, factory)``.

    :param register: records ``factory(threads)`` for ``[ocr] engine = "engine_name"``.
    """
