"""The plugin host: pluggy, project name and entry-point group ``veribot``."""

from robotlib.plugins.host import DEFAULT_PLUGINS, get_plugin_manager, hookimpl

__all__ = ["DEFAULT_PLUGINS", "get_plugin_manager", "hookimpl"]
