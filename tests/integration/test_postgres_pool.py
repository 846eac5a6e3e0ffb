"""The task pool contract against a real PostgreSQL database, and what only PostgreSQL pools do.

Each test gets a fresh schema in this session's database (``postgres_url``, conftest.py).
"""

from __future__ import annotations

import psycopg
import pytest
from pool_contract import PoolContract, application, claim, complete, done

from robotlib.model import TaskStatus
from scheduler.db.migrations import migrations
from scheduler.db.queries import load_queries
from scheduler.errors import PoolSchemaError, PoolUnavailable
from scheduler.pool import PostgresPool, open_pool
from scheduler.pool.postgres import SESSION_SETTINGS


class TestPostgresPool(PoolContract):
    @pytest.fixture
    def pool_url(self, postgres_url: str) -> str:
        return postgres_url


def backend_pid(pool: PostgresPool) -> int:
    """The server process behind the pool's query connection."""
    assert pool.postgres._conn is not None
    return int(pool.postgres._conn.info.backend_pid)


def test_open_pool_returns_a_postgres_pool(postgres_url: str) -> None:
    with open_pool(postgres_url) as pool:
        assert isinstance(pool, PostgresPool)
        assert pool.counts()[TaskStatus.PENDING] == 0


def test_an_unreachable_server_is_one_clear_error_without_the_password() -> None:
    with pytest.raises(PoolUnavailable, match="PostgreSQL") as raised:
        open_pool("postgresql://bot:s3cret@127.0.0.1:1/veribot")
    assert "s3cret" not in str(raised.value)


def test_a_terminated_connection_is_replaced_and_the_operation_retried(postgres_url: str) -> None:
    with open_pool(postgres_url) as pool, psycopg.connect(postgres_url) as admin:
        assert isinstance(pool, PostgresPool)
        pool.submit([application("A-1")])
        admin.execute("SELECT pg_terminate_backend(%s)", (backend_pid(pool),))

        [task] = claim(pool)

        assert complete(pool, task, done(task))
        assert pool.counts()[TaskStatus.DONE] == 1


def test_the_claim_walks_the_partial_index_in_order_even_with_stale_statistics(
    postgres_url: str,
) -> None:
    with open_pool(postgres_url) as pool, psycopg.connect(postgres_url) as conn:
        # never analysed: the planner believes the table is nearly empty
        pool.submit([application(f"A-{i:04}") for i in range(2000)])
        conn.execute(SESSION_SETTINGS)
        plan = conn.execute(
            "EXPLAIN " + load_queries("postgres")["claim"],
            {
                "ids": [],
                "tokens": [],
                "statuses": [],
                "errors": [],
                "refs": [],
                "payloads": [],
                "decisions": [],
                "now": 0.0,
                "kinds": ["echo"],
                "pools": None,
                "held": [],
                "limit": 10,
                "worker": "w",
                "lease_until": 1.0,
            },
        ).fetchall()
        conn.rollback()

    text = "\n".join(line for (line,) in plan)
    assert "Index Scan using tasks_claim_order" in text, text
    assert "Sort" not in text, text
    assert "LockRows" in text, text


def test_opening_again_applies_no_migration_twice(postgres_url: str) -> None:
    open_pool(postgres_url).close()
    with open_pool(postgres_url) as pool, psycopg.connect(postgres_url) as conn:
        pool.submit([application("A-1")])
        versions = conn.execute("SELECT version FROM schema_version ORDER BY version").fetchall()

    assert [v for (v,) in versions] == [m.version for m in migrations("postgres")]


def test_a_schema_of_a_newer_version_is_refused(postgres_url: str) -> None:
    open_pool(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 0)")

    with pytest.raises(PoolSchemaError, match="schema version 99"):
        open_pool(postgres_url)


def test_both_backends_define_the_same_queries() -> None:
    sqlite = load_queries("sqlite")
    postgres = load_queries("postgres")

    assert set(sqlite) - set(postgres) == set()
    assert set(postgres) - set(sqlite) == {"notify_work"}
