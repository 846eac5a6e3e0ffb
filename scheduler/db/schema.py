"""Where a database's schema stands, and bringing it up to date: ``veribot migrate``."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.db.connect import open_database
from scheduler.db.migrations import Migration, migrations


@dataclass(frozen=True)
class SchemaReport:
    """A database's schema version before an upgrade, and the migrations it lacked."""

    #: ``sqlite`` or ``postgres``
    backend: str
    #: the version found (0: an empty database)
    version: int
    #: the newest version this veribot knows
    latest: int
    #: the migrations the database lacked, oldest first
    pending: list[Migration]
    #: whether ``pending`` were applied (False: a dry run)
    applied: bool

    @property
    def version_now(self) -> int:
        """The version after the upgrade (the one found, for a dry run)."""
        return self.latest if self.applied and self.pending else self.version


def upgrade_schema(url: str, *, dry_run: bool = False) -> SchemaReport:
    """Bring the database at ``url`` to the latest schema version, in one transaction;
    with ``dry_run``, only say what that would apply.

    :raises UnsupportedDatabase: not a SQLite or PostgreSQL URL.
    :raises PoolUnavailable: the PostgreSQL server cannot be reached.
    :raises PoolSchemaError: the database is newer than this veribot.
    """
    with open_database(url, migrate=False) as database:
        version = database.schema_version()
        pending = database.pending_migrations()
        if not dry_run:
            # another process may have migrated meanwhile: migrate() rereads the version
            pending = database.migrate() if pending else []
        return SchemaReport(
            backend=database.backend,
            version=version,
            latest=migrations(database.backend)[-1].version,
            pending=pending,
            applied=not dry_run,
        )
