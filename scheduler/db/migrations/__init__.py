"""Versioned schema migrations: ordered SQL files, applied once each, in one transaction.

Files are named ``<backend>_<NNNN>_<what>.sql`` in this package, numbered from 0001 without
gaps. SQLite keeps the version in ``PRAGMA user_version``, PostgreSQL in a ``schema_version``
table. Opening a database applies what is missing (``veribot migrate`` shows it first);
several processes opening one database at once serialise on SQLite's write lock or a
PostgreSQL advisory lock, and the later ones find the work done. A database newer than this
veribot is refused rather than guessed at.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from scheduler.errors import PoolSchemaError

if TYPE_CHECKING:
    import psycopg

_FILE = re.compile(r"^(?P<backend>[a-z]+)_(?P<version>[0-9]{4})_(?P<name>[a-z0-9_]+)\.sql$")
#: key of the advisory lock PostgreSQL migrations hold ("veribot" in ASCII)
_POSTGRES_LOCK = 0x7665726962_6F74


@dataclass(frozen=True)
class Migration:
    """One schema step."""

    version: int
    name: str
    sql: str


@cache
def migrations(backend: str) -> tuple[Migration, ...]:
    """The migrations of ``backend`` (``sqlite`` or ``postgres``), oldest first."""
    found = []
    for entry in files(__name__).iterdir():
        match = _FILE.match(entry.name)
        if match and match["backend"] == backend:
            found.append(Migration(int(match["version"]), match["name"], entry.read_text("utf-8")))
    found.sort(key=lambda migration: migration.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise PoolSchemaError(f"the {backend} migrations are not numbered 1, 2, 3, … without gaps")
    return tuple(found)


def refuse_newer(version: int, latest: int, where: str) -> None:
    """:raises PoolSchemaError: ``version`` is beyond the ``latest`` this veribot knows."""
    if version > latest:
        raise PoolSchemaError(
            f"pool database {where} has schema version {version}; this veribot knows "
            f"versions up to {latest}: use a newer veribot or a new database"
        )


def migrate_sqlite(db: sqlite3.Connection, where: str) -> list[Migration]:
    """Bring the SQLite database of connection ``db`` (autocommit mode) to the latest version.

    Foreign keys are off while tables are rebuilt (SQLite ignores that pragma inside a
    transaction) and checked before the commit.

    :returns: the migrations applied, oldest first.
    """
    known = migrations("sqlite")
    latest = known[-1].version
    if sqlite_version(db) == latest:
        return []
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = sqlite_version(db)  # another process may have migrated meanwhile
            refuse_newer(version, latest, where)
            for migration in known[version:]:
                for statement in _sqlite_statements(migration.sql):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {migration.version}")
            if db.execute("PRAGMA foreign_key_check").fetchall():
                raise PoolSchemaError(f"pool database {where}: a migration broke a foreign key")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    finally:
        db.execute("PRAGMA foreign_keys = ON")
    return list(known[version:])


def sqlite_version(db: sqlite3.Connection) -> int:
    """The schema version of the SQLite database of ``db``."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _sqlite_statements(script: str) -> Iterator[str]:
    """The statements of ``script`` one by one (``executescript`` would commit first)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""


def migrate_postgres(conn: psycopg.Connection, where: str) -> list[Migration]:
    """Bring the PostgreSQL schema that ``conn`` works in (its ``search_path``) to the latest
    version; ``conn`` is in autocommit mode.

    :returns: the migrations applied, oldest first.
    """
    known = migrations("postgres")
    latest = known[-1].version
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_POSTGRES_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version integer PRIMARY KEY, applied_at double precision NOT NULL)"
        )
        version = postgres_version(conn)
        refuse_newer(version, latest, where)
        for migration in known[version:]:
            conn.execute(migration.sql)  # no parameters: the file may hold several statements
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (%s, %s)",
                (migration.version, time.time()),
            )
    return list(known[version:])


def postgres_version(conn: psycopg.Connection) -> int:
    """The schema version of the PostgreSQL schema ``conn`` works in (0: none yet)."""
    exists = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(row[0]) if row else 0
