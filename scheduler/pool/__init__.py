"""The task pool: the ``TaskPool`` interface and its storage backends."""

from __future__ import annotations

from scheduler.errors import UnsupportedDatabase
from scheduler.pool.base import (
    DEFAULT_LEASE_SECONDS,
    DEFAULT_MAX_ATTEMPTS,
    SubmitReport,
    TaskPool,
    TaskTiming,
)
from scheduler.pool.sqlite import SqlitePool

__all__ = [
    "DEFAULT_LEASE_SECONDS",
    "DEFAULT_MAX_ATTEMPTS",
    "SqlitePool",
    "SubmitReport",
    "TaskPool",
    "TaskTiming",
    "open_pool",
]

_SQLITE = "sqlite:///"


def open_pool(database_url: str) -> TaskPool:
    """The pool stored at ``database_url``.

    ``sqlite:///relative/path.db`` or ``sqlite:////absolute/path.db`` (``Config.database_url``
    has already made relative paths absolute against the config file's folder).
    """
    if database_url.startswith(_SQLITE) and len(database_url) > len(_SQLITE):
        return SqlitePool(database_url[len(_SQLITE) :])
    # never echo the URL: it may carry a password
    scheme = database_url.partition(":")[0] or "(none)"
    if scheme.startswith("postgres"):
        raise UnsupportedDatabase(
            "PostgreSQL pools are not available yet: the PostgreSQL backend comes with the "
            'task-pool issue; use [database] url = "sqlite:///PATH" for now'
        )
    raise UnsupportedDatabase(
        f'database URL scheme {scheme!r} is not supported; use [database] url = "sqlite:///PATH"'
    )
