"""One open database transaction that runs named queries, whatever the backend."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

Row = tuple[Any, ...]


class Transaction(ABC):
    """Named queries (``scheduler.db.queries``) in one open transaction.

    Parameters are keyword arguments; lists of strings are passed as Python lists (or None
    for "no filter") and each backend hands them to its database in its own way.
    """

    def __init__(self, queries: Mapping[str, str]) -> None:
        self.queries = queries

    @abstractmethod
    def rows(self, query: str, **params: object) -> list[Row]:
        """Run ``query`` and return every row it produced."""

    @abstractmethod
    def run(self, query: str, **params: object) -> int:
        """Run ``query`` and return how many rows it changed."""

    @abstractmethod
    def run_each(self, query: str, param_sets: Sequence[Mapping[str, object]]) -> None:
        """Run ``query`` once per parameter set (``executemany``), in order."""

    def row(self, query: str, **params: object) -> Row | None:
        """The first row of ``query``, or None."""
        rows = self.rows(query, **params)
        return rows[0] if rows else None
