"""Loading plugins and collecting what they register."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import pluggy

from robotlib.errors import PluginError
from robotlib.plugins import hookspecs

if TYPE_CHECKING:
    from robotlib.bot import Bot
    from robotlib.ocr.engine import OcrEngineFactory
    from robotlib.sources.base import SourceFactory

hookimpl = pluggy.HookimplMarker("veribot")

#: built-in plugins, registered exactly like third-party ones
DEFAULT_PLUGINS: tuple[str, ...] = (
    "robotlib.sources.csv_plugin",
    "robotlib.sources.http_plugin",
    "robotlib.sources.portal_plugin",
    "robotlib.ocr.rapid_plugin",
    "robotlib.ocr.tesseract_plugin",
    "robotlib.ocr.easy_plugin",
    "bots.personal_account",
    "bots.merchant_account",
)

LOAD_ENV = "VERIBOT_LOAD_PLUGINS"
ENTRY_POINT_GROUP = "veribot"


@cache
def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager with built-in and installed plugins loaded.

    ``VERIBOT_LOAD_PLUGINS=a,b`` loads only the named plugins: built-in module names,
    entry-point names, or any importable module implementing the hooks (this is how tests
    give spawned worker processes a test bot: child processes inherit the variable).
    """
    pm = pluggy.PluginManager("veribot")
    pm.add_hookspecs(hookspecs)
    only = _names_from_env()
    for module_name in DEFAULT_PLUGINS:
        if only is None or module_name in only:
            pm.register(importlib.import_module(module_name), name=module_name)
    if only is None:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    else:
        _load_named(pm, only - set(DEFAULT_PLUGINS))
    return pm


def _names_from_env() -> set[str] | None:
    value = os.environ.get(LOAD_ENV)
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def _load_named(pm: pluggy.PluginManager, names: set[str]) -> None:
    """Register each name as an installed entry point, else as an importable module."""
    from importlib.metadata import entry_points

    found = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    for name in sorted(names):
        if name in found:
            pm.register(found[name].load(), name=name)
            continue
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise PluginError(
                f"{LOAD_ENV} names plugin {name!r}, which is neither installed nor an "
                f"importable module ({exc})"
            ) from None
        pm.register(module, name=name)


def _collect(hook_name: str, key: Callable[..., str]) -> dict[str, Any]:
    """Call ``register_*`` hooks with a callback that refuses name clashes."""
    pm = get_plugin_manager()
    registry: dict[str, Any] = {}
    owners: dict[str, str] = {}
    hook = getattr(pm.hook, hook_name)
    for impl in hook.get_hookimpls():
        plugin_name = pm.get_name(impl.plugin) or repr(impl.plugin)

        def register(*args: Any, _plugin: str = plugin_name) -> None:
            name = key(*args)
            if name in registry:
                raise PluginError(
                    f"{hook_name}: {name!r} is registered by both {owners[name]} and {_plugin}"
                )
            registry[name] = args[-1]
            owners[name] = _plugin

        impl.function(register=register)
    return registry


def get_bots() -> dict[str, type[Bot]]:
    """Bot classes by name, from every loaded plugin."""
    return _collect("register_bots", lambda bot: bot.name)


def get_source_factories() -> dict[str, SourceFactory]:
    """Source connector factories by type name."""
    return _collect("register_sources", lambda name, factory: name)


def get_ocr_engine_factories() -> dict[str, OcrEngineFactory]:
    """OCR engine factories by engine name."""
    return _collect("register_ocr_engines", lambda name, factory: name)


def describe_plugins() -> list[tuple[str, list[str]]]:
    """(plugin name, hooks it implements) for ``veribot plugins``."""
    pm = get_plugin_manager()
    rows = []
    for plugin in pm.get_plugins():
        hooks = sorted(impl.name for impl in pm.get_hookcallers(plugin) or [])
        rows.append((pm.get_name(plugin) or repr(plugin), hooks))
    return sorted(rows)
