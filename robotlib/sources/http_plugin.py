"""Built-in plugin: the ``http`` source type."""

from __future__ import annotations

from collections.abc import Callable

from robotlib.plugins.host import hookimpl
from robotlib.sources.base import SourceFactory
from robotlib.sources.http_sources import make_http_source


@hookimpl
def register_sources(register: Callable[[str, SourceFactory], None]) -> None:
    register("http", make_http_source)
