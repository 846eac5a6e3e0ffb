from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest

from robotlib.bot import Bot
from robotlib.errors import PluginError
from robotlib.plugins.host import (
    DEFAULT_PLUGINS,
    describe_plugins,
    get_bots,
    get_plugin_manager,
    get_source_factories,
    hookimpl,
)


def test_default_plugins_are_loaded() -> None:
    names = {name for name, _ in describe_plugins()}
    assert set(DEFAULT_PLUGINS) <= names
    assert "personal_account" in get_bots()
    assert get_bots()["merchant_account"].scopes == {
        "ocr",
        "source:gov_identity",
        "source:blacklist",
        "source:enterprise_registry",
    }
    assert "csv" in get_source_factories()


class ClashingBot(Bot):
    name = "personal_account"


@pytest.fixture
def clashing_plugin() -> Iterator[None]:
    @hookimpl
    def register_bots(register: Callable[[type[Bot]], None]) -> None:
        register(ClashingBot)

    plugin = SimpleNamespace(register_bots=register_bots)
    pm = get_plugin_manager()
    pm.register(plugin, name="clashing")
    try:
        yield
    finally:
        pm.unregister(plugin)


@pytest.mark.usefixtures("clashing_plugin")
def test_a_name_clash_names_both_plugins() -> None:
    with pytest.raises(PluginError, match=r"bots\.personal_account.*clashing"):
        get_bots()
