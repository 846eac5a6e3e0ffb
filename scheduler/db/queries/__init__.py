"""Named SQL queries: one ``.sql`` file per backend and concern, in this folder.

A file ``<backend>_<concern>.sql`` (``sqlite_tasks.sql``, ``postgres_cron.sql``) is a series
of queries, each introduced by a ``-- name: NAME`` line; the comment lines after it say what
the query is for. Both backends define the same names in the same concerns, with the same
parameters but for ``submit_tasks`` (lists of a whole batch on PostgreSQL, one row per
``executemany`` run on SQLite, called only by the backends' own pools), so code asks for a
query by name and runs on either. Names are unique across the
concerns of a backend: a transaction can run any of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files

_NAME = re.compile(r"^-- name: (?P<name>[a-z_]+)\s*$", re.MULTILINE)
_FILE = re.compile(r"^(?P<backend>[a-z]+)_(?P<concern>[a-z_]+)\.sql$")


@cache
def concern_queries(backend: str, concern: str) -> Mapping[str, str]:
    """The queries of ``<backend>_<concern>.sql`` by name, without trailing semicolons."""
    filename = f"{backend}_{concern}.sql"
    text = files(__name__).joinpath(filename).read_text("utf-8")
    parts = _NAME.split(text)
    # parts: [preamble, name1, body1, name2, body2, ...]
    queries: dict[str, str] = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        if name in queries:
            raise ValueError(f"{filename}: query {name!r} is defined twice")
        queries[name] = body.strip().rstrip(";")
    return queries


def concerns(backend: str) -> list[str]:
    """The concerns that have a query file for ``backend``, sorted."""
    return sorted(
        match["concern"]
        for entry in files(__name__).iterdir()
        if (match := _FILE.match(entry.name)) and match["backend"] == backend
    )


@cache
def load_queries(backend: str) -> Mapping[str, str]:
    """Every query of ``backend`` (``sqlite`` or ``postgres``) by name, over its concerns.

    :raises ValueError: two concerns define the same name.
    """
    queries: dict[str, str] = {}
    for concern in concerns(backend):
        for name, sql in concern_queries(backend, concern).items():
            if name in queries:
                raise ValueError(f"{backend}: query {name!r} is defined by two concerns")
            queries[name] = sql
    return queries
