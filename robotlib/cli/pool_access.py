"""Opening the configured task pool for a command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from robotlib.cli.context import fail, state
from robotlib.errors import VeribotError
from scheduler.pool import TaskPool, open_pool


@contextmanager
def configured_pool(ctx: typer.Context) -> Iterator[TaskPool]:
    """The pool of the chosen config, closed afterwards.

    A domain error raised while it is open (bad input, unsupported database, plugin
    problems) becomes one line on stderr and exit status 1.
    """
    config = state(ctx).config
    try:
        with open_pool(config.database_url) as pool:
            yield pool
    except VeribotError as exc:
        fail(str(exc))
