"""Opening the database of a ``[database] url``."""

from __future__ import annotations

from typing import Literal, NamedTuple

from scheduler.db.database import Database
from scheduler.db.sqlite import SqliteDatabase
from scheduler.errors import UnsupportedDatabase

_SQLITE = "sqlite:///"
_POSTGRES_SCHEMES = ("postgresql", "postgres")


class DatabaseUrl(NamedTuple):
    """A ``[database] url`` taken apart."""

    backend: Literal["sqlite", "postgres"]
    #: the file path (SQLite) or the libpq URL (PostgreSQL)
    target: str


def parse_database_url(url: str) -> DatabaseUrl:
    """``sqlite:///relative/path.db`` or ``sqlite:////absolute/path.db`` (``Config.database_url``
    has already made relative paths absolute against the config file's folder), or
    ``postgresql://user@host:port/db`` (any libpq URL; ``?options=-csearch_path%3Dname``
    keeps the tables in schema ``name``).

    :raises UnsupportedDatabase: any other URL.
    """
    if url.startswith(_SQLITE) and len(url) > len(_SQLITE):
        return DatabaseUrl("sqlite", url[len(_SQLITE) :])
    # never echo the URL: it may carry a password
    scheme = url.partition(":")[0] or "(none)"
    if scheme in _POSTGRES_SCHEMES and url.startswith(f"{scheme}://"):
        return DatabaseUrl("postgres", url)
    raise UnsupportedDatabase(
        f"database URL scheme {scheme!r} is not supported; use [database] url = "
        '"sqlite:///PATH" or "postgresql://USER@HOST/DATABASE"'
    )


def open_database(
    url: str, *, migrate: bool = True, reconnect_seconds: float | None = None
) -> Database:
    """The database at ``url`` (see ``parse_database_url``), brought to the latest schema
    version unless ``migrate`` is False.

    :param reconnect_seconds: PostgreSQL: how long an operation that lost its connection is
        retried (``PostgresDatabase``); None keeps its default.
    :raises UnsupportedDatabase: not a SQLite or PostgreSQL URL.
    :raises PoolUnavailable: the PostgreSQL server cannot be reached.
    :raises PoolSchemaError: the database is newer than this veribot.
    """
    parsed = parse_database_url(url)
    if parsed.backend == "sqlite":
        return SqliteDatabase(parsed.target, migrate=migrate)
    # imported here: psycopg is loaded only by commands that use PostgreSQL
    from scheduler.db.postgres import PostgresDatabase

    if reconnect_seconds is None:
        return PostgresDatabase(parsed.target, migrate=migrate)
    return PostgresDatabase(parsed.target, migrate=migrate, reconnect_seconds=reconnect_seconds)
