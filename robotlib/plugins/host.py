"""Loading plugins and collecting what they register."""

from __future__ import annotations

import importlib
import importlib.metadata
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from typing import TYPE_CHECKING, Any

import pluggy
from loguru import logger

from robotlib.errors import PluginError
from robotlib.plugins import hookspecs
from robotlib.plugins.trace import install_trace, tracing_requested

if TYPE_CHECKING:
    from robotlib.bot import Bot
    from robotlib.documents.parsers import DocumentParser
    from robotlib.ocr.engine import OcrEngineFactory
    from robotlib.sources.base import SourceFactory
    from robotlib.sources.datasets import DatasetKind

hookimpl = pluggy.HookimplMarker("veribot")

#: the core's own hook implementations (running a bot, the decision audit, worker metrics):
#: always loaded, since ``VERIBOT_LOAD_PLUGINS`` must not switch the audit off
CORE_PLUGINS: tuple[str, ...] = (
    "robotlib.plugins.run_task_plugin",
    "robotlib.audit.plugin",
    "robotlib.metrics.plugin",
)

#: built-in plugins, registered exactly like third-party ones
DEFAULT_PLUGINS: tuple[str, ...] = (
    "robotlib.sources.csv_plugin",
    "robotlib.sources.http_plugin",
    "robotlib.sources.portal_plugin",
    "robotlib.datasets.registries",
    "robotlib.datasets.credit_bureau",
    "robotlib.datasets.property_registry",
    "robotlib.documents.parsers_plugin",
    "robotlib.ocr.rapid_plugin",
    "robotlib.ocr.tesseract_plugin",
    "robotlib.ocr.easy_plugin",
    "bots.personal_account",
    "bots.merchant_account",
)

LOAD_ENV = "VERIBOT_LOAD_PLUGINS"
ENTRY_POINT_GROUP = "veribot"
#: the distribution named for a built-in plugin that fails
BUILT_IN = "veribot (built-in)"


@dataclass(frozen=True)
class PluginFailure:
    """A plugin that could not be loaded: veribot runs without it, so its bots, sources and
    OCR engines are missing."""

    #: the plugin's name (entry-point or module name)
    name: str
    #: the distribution that installed it, with its version
    distribution: str
    #: the exception, on one line
    error: str

    def __str__(self) -> str:
        return (
            f"plugin {self.name!r} of distribution {self.distribution} cannot be loaded "
            f"({self.error}); running without it"
        )


_failures: list[PluginFailure] = []


@cache
def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager with built-in and installed plugins loaded.

    ``VERIBOT_LOAD_PLUGINS=a,b`` loads only the named plugins (and the ``CORE_PLUGINS``):
    built-in module names, entry-point names, or any importable module implementing the
    hooks (this is how tests give spawned worker processes a test bot: child processes
    inherit the variable). ``VERIBOT_TRACE_PLUGINS=1`` prints every hook call to stderr.

    A built-in or installed plugin that fails to import (a package removed from disk, a
    broken dependency) is left out with one warning naming it and its distribution, and
    listed by ``plugin_failures()``; one named in ``VERIBOT_LOAD_PLUGINS`` or a core plugin
    is needed, so it raises ``PluginError`` instead.
    """
    pm = pluggy.PluginManager("veribot")
    pm.add_hookspecs(hookspecs)
    if tracing_requested():
        install_trace(pm)
    _failures.clear()
    for module_name in CORE_PLUGINS:
        failure = _try_register(
            pm, module_name, BUILT_IN, partial(importlib.import_module, module_name)
        )
        if failure is not None:
            raise PluginError(f"veribot's core is incomplete: {failure.error} in {module_name}")
    only = _names_from_env()
    for module_name in DEFAULT_PLUGINS:
        if only is None or module_name in only:
            _load_or_skip(pm, module_name, BUILT_IN, partial(importlib.import_module, module_name))
    if only is None:
        _load_entry_points(pm)
    else:
        _load_named(pm, only - set(DEFAULT_PLUGINS))
    return pm


def plugin_failures() -> list[PluginFailure]:
    """The plugins left out because they could not be loaded, by name."""
    get_plugin_manager()
    return sorted(_failures, key=lambda failure: failure.name)


def _try_register(
    pm: pluggy.PluginManager, name: str, distribution: str, load: Callable[[], object]
) -> PluginFailure | None:
    """Load a plugin with ``load()`` and register it as ``name``; the failure, if any."""
    try:
        pm.register(load(), name=name)
    except Exception as exc:
        error = " ".join(f"{type(exc).__name__}: {exc}".split())
        return PluginFailure(name, distribution, error)
    return None


def _load_or_skip(
    pm: pluggy.PluginManager, name: str, distribution: str, load: Callable[[], object]
) -> None:
    failure = _try_register(pm, name, distribution, load)
    if failure is not None:
        _failures.append(failure)
        logger.warning("{failure}", failure=str(failure))


def _load_entry_points(pm: pluggy.PluginManager) -> None:
    """Register every installed plugin of the ``veribot`` group, skipping broken ones."""
    for dist in importlib.metadata.distributions():
        for entry_point in dist.entry_points.select(group=ENTRY_POINT_GROUP):
            if pm.has_plugin(entry_point.name) or pm.is_blocked(entry_point.name):
                continue
            distribution = _distribution(entry_point)
            _load_or_skip(pm, entry_point.name, distribution, entry_point.load)


def _distribution(entry_point: importlib.metadata.EntryPoint) -> str:
    """``name version`` of the distribution that installed ``entry_point``."""
    dist = entry_point.dist
    return "unknown" if dist is None else f"{dist.metadata['Name']} {dist.version}"


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
            entry_point = found[name]
            distribution = _distribution(entry_point)
            failure = _try_register(pm, name, distribution, entry_point.load)
            if failure is not None:
                raise PluginError(
                    f"{LOAD_ENV} names plugin {name!r} of distribution {distribution}, which "
                    f"cannot be loaded ({failure.error})"
                )
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
    return _collect_owned(hook_name, key)[0]


def _collect_owned(
    hook_name: str, key: Callable[..., str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """What ``register_*`` hooks register by name, and the plugin that registered each."""
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

        call_one(pm, hook_name, impl, register=register)
    return registry, owners


def call_one(
    pm: pluggy.PluginManager, hook_name: str, impl: pluggy.HookImpl, **kwargs: Any
) -> object:
    """Call one plugin's implementation of a hook, through the plugin manager so that
    tracing sees it (the callbacks of ``register_*`` hooks must know which plugin calls)."""
    # pluggy's own call path (HookCaller.call_extra uses it); subset_hook_caller would need
    # hashable plugins, and tests register SimpleNamespace ones
    return pm._hookexec(hook_name, [impl], kwargs, False)


def get_bots() -> dict[str, type[Bot]]:
    """Bot classes by name, from every loaded plugin."""
    return _collect("register_bots", lambda bot: bot.name)


def bot_plugins() -> dict[str, str]:
    """The plugin that registers each bot, by bot name."""
    return _collect_owned("register_bots", lambda bot: bot.name)[1]


def get_source_factories() -> dict[str, SourceFactory]:
    """Source connector factories by type name."""
    return _collect("register_sources", lambda name, factory: name)


def get_datasets() -> dict[str, DatasetKind]:
    """Dataset kinds by name, from every loaded plugin."""
    return _collect("register_datasets", lambda kind: kind.name)


def get_document_parsers() -> dict[str, DocumentParser]:
    """Document parsers by document key (``id_front``, ``licence``, ...)."""
    return _collect("register_document_parsers", lambda key, parser: key)


def get_ocr_engine_factories() -> dict[str, OcrEngineFactory]:
    """OCR engine factories by engine name."""
    return _collect("register_ocr_engines", lambda name, factory: name)


def hook_names() -> list[str]:
    """The names of every hook in the plugin contract, sorted."""
    return sorted(name for name in vars(hookspecs) if _is_hookspec(name))


def _is_hookspec(name: str) -> bool:
    return hasattr(getattr(hookspecs, name), "veribot_spec")


def implementers(hook_name: str) -> list[str]:
    """The plugins implementing ``hook_name``, in the order pluggy calls them.

    :raises PluginError: no hook has that name (the message lists the known ones).
    """
    if hook_name not in hook_names():
        raise PluginError(f"no hook is named {hook_name!r}; known hooks: {', '.join(hook_names())}")
    pm = get_plugin_manager()
    impls = getattr(pm.hook, hook_name).get_hookimpls()
    # pluggy calls the last registered implementation first
    return [pm.get_name(impl.plugin) or repr(impl.plugin) for impl in reversed(impls)]


def describe_plugins() -> list[tuple[str, list[str]]]:
    """(plugin name, hooks it implements) for ``veribot plugins``."""
    pm = get_plugin_manager()
    rows = []
    for plugin in pm.get_plugins():
        hooks = sorted(impl.name for impl in pm.get_hookcallers(plugin) or [])
        rows.append((pm.get_name(plugin) or repr(plugin), hooks))
    return sorted(rows)
