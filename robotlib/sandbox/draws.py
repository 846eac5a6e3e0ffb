"""Draws from the generator's seeded ``random.Random`` that several modules make the same way."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def weighted_choice(rng: random.Random, choices: Sequence[tuple[T, int]]) -> T:
    """One of the ``(value, weight)`` pairs' values, drawn in proportion to its weight."""
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day from ``first`` to ``last``, both included."""
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))
