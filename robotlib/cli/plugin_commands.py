"""Commands added by plugins (``register_commands``), moved onto the ``veribot`` app."""

from __future__ import annotations

import typer
from typer.main import get_command_name
from typer.models import CommandInfo, TyperInfo

from robotlib.cli.lazy_commands import lazy_command_names
from robotlib.errors import PluginError
from robotlib.plugins.host import call_one, get_plugin_manager

#: the attribute that marks an app as already holding its plugins' commands
_INSTALLED = "_veribot_plugin_commands"


def command_names(app: typer.Typer) -> set[str]:
    """The names of ``app``'s commands and command groups, as typed on the command line."""
    names = {_command_name(info) for info in app.registered_commands}
    names |= {_group_name(info) for info in app.registered_groups}
    names |= lazy_command_names(app)
    return {name for name in names if name}


def _command_name(info: CommandInfo) -> str | None:
    if isinstance(info.name, str):
        return info.name
    return None if info.callback is None else get_command_name(info.callback.__name__)


def _group_name(info: TyperInfo) -> str | None:
    if isinstance(info.name, str):
        return info.name
    instance = info.typer_instance
    name = None if instance is None else instance.info.name
    return name if isinstance(name, str) else None


def add_plugin_commands(app: typer.Typer) -> None:
    """Call every plugin's ``register_commands`` with an app of its own and move the
    commands onto ``app`` (once per app).

    :raises PluginError: a plugin's command takes a name already used by a built-in command
        or another plugin, or a plugin added a command group without a name.
    """
    if getattr(app, _INSTALLED, False):
        return
    pm = get_plugin_manager()
    taken = dict.fromkeys(command_names(app), "veribot (built-in)")
    for impl in reversed(pm.hook.register_commands.get_hookimpls()):
        plugin = pm.get_name(impl.plugin) or repr(impl.plugin)
        own = typer.Typer()
        call_one(pm, "register_commands", impl, app=own)
        for info in own.registered_groups:
            if _group_name(info) is None:
                raise PluginError(f"plugin {plugin} added a command group without a name")
        for name in sorted(command_names(own)):
            if name in taken:
                raise PluginError(
                    f"plugin {plugin} adds the command {name!r}, which {taken[name]} "
                    "already provides: rename it"
                )
            taken[name] = f"plugin {plugin}"
        app.registered_commands.extend(own.registered_commands)
        app.registered_groups.extend(own.registered_groups)
    setattr(app, _INSTALLED, True)
