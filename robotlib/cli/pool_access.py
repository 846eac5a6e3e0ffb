"""Opening the configured task pool for a command; reporting what a command did to named refs."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated

import typer

from robotlib.cli.context import fail, state
from robotlib.errors import VeribotError
from scheduler.pool import TaskPool, open_configured_pool


@contextmanager
def configured_pool(ctx: typer.Context) -> Iterator[TaskPool]:
    """The pool of the chosen config, closed afterwards.

    A domain error raised while it is open (bad input, unsupported database, plugin
    problems) becomes one line on stderr and exit status 1.
    """
    config = state(ctx).config
    try:
        with open_configured_pool(config) as pool:
            yield pool
    except VeribotError as exc:
        fail(str(exc))


#: the refs a command acts on, when a flag may choose every eligible task instead
OptionalRefs = Annotated[
    list[str] | None,
    typer.Argument(help="Refs of the tasks to act on.", metavar="REF", show_default=False),
]


def chosen_refs(refs: Sequence[str] | None, every: bool, every_flag: str) -> list[str] | None:
    """The refs named on the command line, or None for "every one" (``every_flag`` given).

    Exactly one of the two must be given: an empty command must not act on the whole pool.
    """
    if every and refs:
        fail(f"name refs or pass {every_flag}, not both")
    if not every and not refs:
        fail(f"name at least one ref, or pass {every_flag}")
    return None if every else list(dict.fromkeys(refs or ()))


def report_refs(
    verb: str, asked: Sequence[str] | None, acted: Collection[str], why_not: str
) -> None:
    """Print how many refs were ``verb``; name the ones that were not on stderr, then exit 1.

    :param asked: the refs named on the command line, or None when the command acted on
        every eligible task (then only the count is printed: nothing can be missed).
    :param why_not: why a named ref may not have been acted on, for example
        "unknown ref, or not dead".
    """
    if asked is None:
        typer.echo(f"{verb} {len(acted)}")
        return
    done = set(acted)
    hits = [ref for ref in asked if ref in done]
    missed = [ref for ref in asked if ref not in done]
    typer.echo(f"{verb} {len(hits)}" + (f": {', '.join(hits)}" if hits else ""))
    if missed:
        fail(f"not {verb} ({why_not}): {', '.join(missed)}")
