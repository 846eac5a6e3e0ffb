"""The task pool: the ``TaskPool`` interface and its storage backends."""

from __future__ import annotations

from pathlib import Path

from robotlib.config import Config, PoolConfig
from robotlib.protection import KeyRing, keyring_for
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
from scheduler.pool.sql import SqlPool
from scheduler.pool.sqlite import SqlitePool

__all__ = [
    "DEFAULT_LEASE_SECONDS",
    "DEFAULT_MAX_ATTEMPTS",
    "AtRisk",
    "PoolStats",
    "PostgresPool",
    "SqlPool",
    "SqlitePool",
    "SubmitReport",
    "TaskPool",
    "TaskTiming",
    "open_configured_pool",
    "open_pool",
]

_SQLITE = "sqlite:///"
_POSTGRES_SCHEMES = ("postgresql", "postgres")
#: the key file of a pool opened without a config: ``[security] key_file``'s default
DEFAULT_KEY_FILE = Path("var/veribot.key")


def open_configured_pool(config: Config) -> SqlPool:
    """The pool of ``config``: its database, ``[pool]`` settings and encryption keys.

    :raises PoolKeysMismatch: this host lacks a key the pool's data is sealed with.
    """
    # imported here: scheduler.pool_keys builds on this package
    from scheduler.pool_keys import claim_pool_keys, keys_source

    url = config.database_url
    keyring = keyring_for(config.key_file, may_create=url.startswith(_SQLITE))
    pool = open_pool(url, config.pool, keyring=keyring)
    try:
        claim_pool_keys(pool, keys_source(config.key_file))
    except BaseException:
        pool.close()
        raise
    return pool


def open_pool(
    database_url: str, config: PoolConfig | None = None, *, keyring: KeyRing | None = None
) -> SqlPool:
    """The pool stored at ``database_url``, ordering claims by ``config`` (``[pool]``).

    Personal data is sealed with ``keyring``; by default it comes from ``$VERIBOT_KEYS`` or
    ``var/veribot.key`` in the current folder (created for a new SQLite pool, never for
    PostgreSQL, whose hosts must share one key).

    ``sqlite:///relative/path.db`` or ``sqlite:////absolute/path.db`` (``Config.database_url``
    has already made relative paths absolute against the config file's folder), or
    ``postgresql://user@host:port/db`` (any libpq URL; ``?options=-csearch_path%3Dname``
    keeps the pool's tables in schema ``name``).

    :raises PoolUnavailable: the PostgreSQL server cannot be reached.
    """
    sqlite = database_url.startswith(_SQLITE) and len(database_url) > len(_SQLITE)
    # never echo the URL: it may carry a password
    scheme = database_url.partition(":")[0] or "(none)"
    postgres = scheme in _POSTGRES_SCHEMES and database_url.startswith(f"{scheme}://")
    if (sqlite or postgres) and keyring is None:
        keyring = keyring_for(DEFAULT_KEY_FILE.absolute(), may_create=sqlite)
    if sqlite and keyring is not None:
        return SqlitePool(database_url[len(_SQLITE) :], config, keyring=keyring)
    if postgres and keyring is not None:
        return PostgresPool(database_url, config, keyring=keyring)
    raise UnsupportedDatabase(
        f"database URL scheme {scheme!r} is not supported; use [database] url = "
        '"sqlite:///PATH" or "postgresql://USER@HOST/DATABASE"'
    )
