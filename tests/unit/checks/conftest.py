"""A BotContext over in-memory sources, so each check's test states its registry's answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from robotlib.bot import BotContext
from robotlib.checks.identity import Identity
from robotlib.sources.base import Source

ContextFactory = Callable[..., BotContext]


@pytest.fixture
def person() -> Identity:
    """The person the checks ask about, every value read from the card."""
    return Identity(name="张伟", id_number="440305199003071236", birth_date=dt.date(1990, 3, 7))


@pytest.fixture
def context() -> ContextFactory:
    """``context(gov_identity=source, ...)``: a context granted exactly the sources given."""

    def make(**sources: Source) -> BotContext:
        scopes = frozenset(f"source:{name}" for name in sources)
        return BotContext(bot_name="t", scopes=scopes, sources=sources, ocr=None, ref="T-1")

    return make
