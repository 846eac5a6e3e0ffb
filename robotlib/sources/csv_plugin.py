"""Built-in plugin: the ``csv`` source type."""

from __future__ import annotations

from collections.abc import Callable

from robotlib.plugins.host import hookimpl
from robotlib.sources.base import SourceFactory
from robotlib.sources.csv_sources import make_csv_source


@hookimpl
def register_sources(register: Callable[[str, SourceFactory], None]) -> None:
    register("csv", make_csv_source)
