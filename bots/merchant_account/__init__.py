"""Built-in plugin: the ``merchant_account`` bot (a small business opening a merchant account)."""

from __future__ import annotations

from collections.abc import Callable

from bots.merchant_account.bot import MerchantAccountBot
from robotlib.bot import Bot
from robotlib.plugins.host import hookimpl


@hookimpl
def register_bots(register: Callable[[type[Bot]], None]) -> None:
    """The hook implementation: the merchant-account bot."""
    register(MerchantAccountBot)
