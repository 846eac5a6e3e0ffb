"""Built-in plugin: the ``portal`` source type (a browser robot; needs the ``portal`` extra)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from robotlib.config import SourceConfig
from robotlib.errors import ConfigError
from robotlib.plugins.host import hookimpl
from robotlib.sources.base import Source, SourceFactory


def make_portal_source(name: str, config: SourceConfig, base_dir: Path) -> Source:
    """Playwright is imported only when a portal source is configured."""
    try:
        from robotlib.sources import portal_source
    except ImportError as exc:
        raise ConfigError(
            f"[sources.{name}] type 'portal' needs Playwright: pip install 'veribot[portal]' "
            f"({exc})"
        ) from None
    return portal_source.make_portal_source(name, config, base_dir)


@hookimpl
def register_sources(register: Callable[[str, SourceFactory], None]) -> None:
    register("portal", make_portal_source)
