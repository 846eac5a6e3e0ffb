"""Registering a test plugin on the process's plugin manager for the length of a block."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pluggy

from robotlib.plugins.host import get_plugin_manager


@contextmanager
def registered(plugin: object, name: str) -> Iterator[pluggy.PluginManager]:
    """``plugin`` registered as ``name`` inside the block, unregistered after it."""
    pm = get_plugin_manager()
    pm.register(plugin, name=name)
    try:
        yield pm
    finally:
        pm.unregister(plugin)
