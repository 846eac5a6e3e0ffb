"""The application database: one connection, transactions of named queries, migrations."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import ClassVar, TypeVar

from scheduler.db.closing import Closable
from scheduler.db.migrations import Migration, migrations, refuse_newer
from scheduler.db.transaction import Transaction

T = TypeVar("T")


class Database(Closable):
    """One database (SQLite file or PostgreSQL schema) that the pool, cron, the audit log,
    operators, policy rules and pool keys share.

    Safe to use from the threads of one process (a lock guards the connection); every
    process opens its own.
    """

    #: ``sqlite`` or ``postgres``: the prefix of the backend's query and migration files
    backend: ClassVar[str]
    #: where the database is, for messages (never the URL: it may carry a password)
    where: str

    @abstractmethod
    def transaction(
        self,
        work: Callable[[Transaction], T],
        *,
        write: bool = True,
        single_statement: bool = False,
    ) -> T:
        """Run ``work`` in one transaction, commit and return its result.

        If ``work`` raises, the transaction is rolled back and the exception propagates.
        ``write=False`` promises that ``work`` only reads. ``single_statement=True`` promises
        that ``work`` sends exactly one statement: a backend whose statements are atomic on
        their own may then send it without BEGIN and COMMIT, saving two round trips.
        """

    @abstractmethod
    def schema_version(self) -> int:
        """The version of the schema: the number of the last migration applied (0: none)."""

    @abstractmethod
    def migrate(self) -> list[Migration]:
        """Apply the pending migrations, in order, in one transaction; what was applied.

        :raises PoolSchemaError: the database is newer than this veribot.
        """

    def pending_migrations(self) -> list[Migration]:
        """The migrations this veribot has and the database lacks, oldest first.

        :raises PoolSchemaError: the database is newer than this veribot.
        """
        known = migrations(self.backend)
        version = self.schema_version()
        refuse_newer(version, known[-1].version, self.where)
        return list(known[version:])
