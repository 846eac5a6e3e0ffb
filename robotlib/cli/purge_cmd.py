"""``veribot purge --older-than 30d``: delete finished tasks kept long enough, with results."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from robotlib.cli.context import fail
from robotlib.cli.pool_access import configured_pool

#: seconds in one unit of a duration
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"(?P<amount>[0-9]+(?:\.[0-9]+)?)(?P<unit>[smhd])")


def parse_duration(text: str) -> float:
    """Seconds in ``90s``, ``15m``, ``12h`` or ``30d`` (a positive number and one unit).

    :raises ValueError: with a message naming ``text`` and the accepted forms.
    """
    match = _DURATION.fullmatch(text.strip().lower())
    seconds = float(match["amount"]) * UNIT_SECONDS[match["unit"]] if match else 0.0
    if seconds <= 0:
        raise ValueError(
            f"invalid duration {text!r}: use a number and a unit: 90s, 15m, 12h or 30d"
        )
    return seconds


def purge(
    ctx: typer.Context,
    older_than: Annotated[
        str,
        typer.Option(
            "--older-than",
            metavar="DURATION",
            help="Delete tasks that finished (done, dead or cancelled) longer ago than this: "
            "90s, 15m, 12h, 30d.",
            show_default=False,
        ),
    ],
) -> None:
    """Delete finished tasks (and their results) that finished longer ago than asked.

    Pending, running and failed tasks (waiting for a retry) are never
    purged. A purged ref may be submitted again. Prints how many tasks were
    deleted.
    """
    try:
        seconds = parse_duration(older_than)
    except ValueError as exc:
        fail(str(exc))
    with configured_pool(ctx) as pool:
        purged = pool.purge(seconds)
    typer.echo(f"purged {purged} finished tasks older than {older_than.strip()}")


def register(app: typer.Typer) -> None:
    """Add the ``purge`` command to ``app``."""
    app.command()(purge)
