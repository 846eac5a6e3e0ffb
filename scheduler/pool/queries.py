"""Named SQL queries, kept together in one ``.sql`` file per backend.

A file is a series of queries, each introduced by a ``-- name: NAME`` line; the comment lines
after it say what the query is for. Both backends define the same names with the same
parameters, so the behaviour they share (``scheduler.pool.sql``) asks for queries by name.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

_NAME = re.compile(r"^-- name: (?P<name>[a-z_]+)\s*$", re.MULTILINE)


@cache
def load_queries(filename: str) -> dict[str, str]:
    """The queries of ``scheduler/pool/<filename>`` by name, without trailing semicolons."""
    text = files("scheduler.pool").joinpath(filename).read_text("utf-8")
    parts = _NAME.split(text)
    # parts: [preamble, name1, body1, name2, body2, ...]
    queries = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        if name in queries:
            raise ValueError(f"{filename}: query {name!r} is defined twice")
        queries[name] = body.strip().rstrip(";")
    return queries
