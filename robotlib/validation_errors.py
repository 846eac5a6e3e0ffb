"""Pydantic validation errors in words a user can act on: where, and what is wrong.

The configuration, connector settings, registry answers and WorkItems outputs all turn a
``ValidationError`` into a one-line message; they spell it here so that every message names
a field the same way. The rejected input is never part of a message: it may be personal data.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

#: a pydantic error location: field names and list positions, outermost first
Location = tuple[int | str, ...]


def dotted(loc: Location) -> str:
    """``loc`` as a dotted name (``applicant.phone``, ``products.0``); empty at the top level."""
    return ".".join(str(part) for part in loc)


def problems(
    exc: ValidationError, *, where: Callable[[Location], str] = dotted, top: str = "(top level)"
) -> list[str]:
    """One ``where: what`` per error of ``exc``, in pydantic's order.

    :param where: spells a location (``dotted`` unless a file names fields otherwise).
    :param top: the name of an error that is about the whole value (an empty location).
    """
    return [
        f"{where(error['loc']) or top}: {error['msg']}"
        for error in exc.errors(include_input=False, include_url=False)
    ]


def describe(
    exc: ValidationError, *, where: Callable[[Location], str] = dotted, top: str = "(top level)"
) -> str:
    """Every error of ``exc`` on one line, ``; ``-separated (see ``problems``)."""
    return "; ".join(problems(exc, where=where, top=top))
