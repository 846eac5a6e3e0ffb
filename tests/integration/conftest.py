"""Fixtures shared by the integration tests of the pool, the workers and the CLI."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from robotlib.plugins.host import LOAD_ENV, get_plugin_manager

REPO = Path(__file__).resolve().parents[2]
ECHO_PLUGIN = "tests.helpers.echo_bot"


@pytest.fixture
def echo_plugin(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """Load only the ``echo`` test bot, here and in every worker process spawned meanwhile.

    Spawned processes inherit the environment and ``sys.path``, so they load the same plugin.
    """
    monkeypatch.syspath_prepend(str(REPO))
    monkeypatch.setenv(LOAD_ENV, ECHO_PLUGIN)
    get_plugin_manager.cache_clear()
    try:
        yield importlib.import_module(ECHO_PLUGIN)
    finally:
        get_plugin_manager.cache_clear()
