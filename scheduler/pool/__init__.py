"""The task pool: the ``TaskPool`` interface and its storage backends."""

from __future__ import annotations

from pathlib import Path

from robotlib.config import Config, PoolConfig
from robotlib.protection import KeyRing, keyring_for
from scheduler.db import parse_database_url
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

#: the key file of a pool opened without a config: ``[security] key_file``'s default
DEFAULT_KEY_FILE = Path("var/veribot.key")


def open_configured_pool(config: Config) -> TaskPool:
    """The pool of ``config``: its database, ``[pool]`` settings and encryption keys.

    :raises PoolKeysMismatch: this host lacks a key the pool's data is sealed with.
    """
    # imported here: scheduler.pool_keys builds on this package
    from scheduler.pool_keys import claim_pool_keys, keys_source

    url = config.database_url
    keyring = keyring_for(config.key_file, may_create=url.startswith("sqlite:///"))
    pool = open_pool(url, config.pool, keyring=keyring)
    try:
        claim_pool_keys(pool, keys_source(config.key_file))
    except BaseException:
        pool.close()
        raise
    return pool


def open_pool(
    database_url: str, config: PoolConfig | None = None, *, keyring: KeyRing | None = None
) -> TaskPool:
    """The pool stored at ``database_url``, ordering claims by ``config`` (``[pool]``).

    Personal data is sealed with ``keyring``; by default it comes from ``$VERIBOT_KEYS`` or
    ``var/veribot.key`` in the current folder (created for a new SQLite pool, never for
    PostgreSQL, whose hosts must share one key).

    ``database_url`` is a ``[database] url`` (``scheduler.db.parse_database_url``).

    :raises UnsupportedDatabase: not a SQLite or PostgreSQL URL.
    :raises PoolUnavailable: the PostgreSQL server cannot be reached.
    """
    backend, target = parse_database_url(database_url)
    if keyring is None:
        keyring = keyring_for(DEFAULT_KEY_FILE.absolute(), may_create=backend == "sqlite")
    if backend == "sqlite":
        return SqlitePool(target, config, keyring=keyring)
    return PostgresPool(target, config, keyring=keyring)
