"""The application database: connections, versioned migrations and named queries.

Everything veribot stores lives in one database, SQLite (one host) or PostgreSQL (many):
the task pool (``scheduler.pool``), cron schedules (``scheduler.cron.store``), the audit
log, operator accounts, the robots' policy rules and the pool's keys. This package is the
only place that talks to a driver:

- ``Database`` (``open_database(url)``): one connection per object, transactions of named
  queries (``Database.transaction(work)`` hands ``work`` a ``Transaction``), the schema
  version and its migrations. ``SqliteDatabase`` and ``PostgresDatabase`` are the backends.
- ``migrations/``: ``<backend>_<NNNN>_<what>.sql``, numbered without gaps per backend and
  applied in order, once each, when a database is opened or by ``veribot migrate``.
- ``queries/``: ``<backend>_<concern>.sql``, one file per concern and backend (tasks, cron,
  audit, policy, users_and_keys), each query introduced by ``-- name: NAME``. Both backends
  define the same names with the same parameters, but for ``submit_tasks`` (the whole batch
  as lists on PostgreSQL, one row per ``executemany`` run on SQLite; the pools call it).

Adding a concern (the review desk, the product catalogue, the model registry, ...):

1. its tables: a new migration for each backend, ``sqlite_<next>_<concern>.sql`` and
   ``postgres_<next>_<concern>.sql``; never edit a migration that has shipped;
2. its statements: ``queries/sqlite_<concern>.sql`` and ``queries/postgres_<concern>.sql``,
   with names unique across concerns (prefix them with the concern);
3. its store: a small class over a ``Database`` (or the pool's, ``TaskPool.database``)
   that runs them in ``database.transaction(...)``, as ``scheduler.cron.store`` does.

``tests/unit/test_db_queries.py`` checks that both backends define the same names.
"""

from __future__ import annotations

from scheduler.db.connect import DatabaseUrl, open_database, parse_database_url
from scheduler.db.database import Database
from scheduler.db.migrations import Migration
from scheduler.db.transaction import Row, Transaction

__all__ = [
    "Database",
    "DatabaseUrl",
    "Migration",
    "Row",
    "Transaction",
    "open_database",
    "parse_database_url",
]
