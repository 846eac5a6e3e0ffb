"""The task pool: the ``TaskPool`` interface and its storage backends."""

from __future__ import annotations

from robotlib.config import PoolConfig
from scheduler.errors import UnsupportedDatabase
from scheduler.pool.base import (
    DEFAULT_LEASE_SECONDS,
    DEFAULT_MAX_ATTEMPTS,
    AtRisk,
    PoolStats,
    SubmitReport,
    TaskPool,
    TaskTiming,
)
from scheduler.pool.postgres import PostgresPool
from scheduler.pool.sqlite import SqlitePool

__all__ = [
    "DEFAULT_LEASE_SECONDS",
    "DEFAULT_MAX_ATTEMPTS",
    "AtRisk",
    "PoolStats",
    "PostgresPool",
    "SqlitePool",
    "SubmitReport",
    "TaskPool",
    "TaskTiming",
    "open_pool",
]

_SQLITE = "sqlite:///"
_POSTGRES_SCHEMES = ("postgresql", "postgres")


def open_pool(database_url: str, config: PoolConfig | None = None) -> TaskPool:
    """The pool stored at ``database_url``, ordering claims by ``config`` (``[pool]``).

    ``sqlite:///relative/path.db`` or ``sqlite:////absolute/path.db`` (``Config.database_url``
    has already made relative paths absolute against the config file's folder), or
    ``postgresql://user@host:port/db`` (any libpq URL; ``?options=-csearch_path%3Dname``
    keeps the pool's tables in schema ``name``).

    :raises PoolUnavailable: the PostgreSQL server cannot be reached.
    """
    if database_url.startswith(_SQLITE) and len(database_url) > len(_SQLITE):
        return SqlitePool(database_url[len(_SQLITE) :], config)
    # never echo the URL: it may carry a password
    scheme = database_url.partition(":")[0] or "(none)"
    if scheme in _POSTGRES_SCHEMES and database_url.startswith(f"{scheme}://"):
        return PostgresPool(database_url, config)
    raise UnsupportedDatabase(
        f"database URL scheme {scheme!r} is not supported; use [database] url = "
        '"sqlite:///PATH" or "postgresql://USER@HOST/DATABASE"'
    )
