"""The named queries of ``scheduler/db/queries``: one file per concern and backend, the
same names on both backends, no name in two concerns."""

from __future__ import annotations

import pytest

from scheduler.db.queries import concern_queries, concerns, load_queries

BACKENDS = ("sqlite", "postgres")


def test_both_backends_have_a_file_for_each_concern() -> None:
    assert concerns("sqlite") == concerns("postgres")
    assert {"tasks", "cron", "audit", "policy", "users_and_keys"} <= set(concerns("sqlite"))


@pytest.mark.parametrize("concern", concerns("sqlite"))
def test_a_concern_defines_the_same_names_on_both_backends(concern: str) -> None:
    sqlite = set(concern_queries("sqlite", concern))
    postgres = set(concern_queries("postgres", concern))

    # the one PostgreSQL-only statement: SQLite's waiters watch the file instead
    assert postgres - sqlite == ({"notify_work"} if concern == "tasks" else set())
    assert sqlite - postgres == set()


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_query_of_a_backend_is_found_by_name(backend: str) -> None:
    merged = load_queries(backend)

    assert sum(len(concern_queries(backend, c)) for c in concerns(backend)) == len(merged)
    assert "UPDATE schedules" in merged["schedule_take"]
    assert not any(sql.rstrip().endswith(";") for sql in merged.values())


def test_postgres_queries_use_driver_parameters_and_sqlite_queries_named_ones() -> None:
    # the cron store once rewrote ":name" into "%(name)s" with a regular expression
    assert ":name" in load_queries("sqlite")["schedule_remove"]
    assert "%(name)s" in load_queries("postgres")["schedule_remove"]
