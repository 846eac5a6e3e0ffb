"""Fixtures shared by the integration tests of the pool, the workers and the CLI.

PostgreSQL: each test session creates a database of its own, ``veribot_test_<pid>``, through
the maintenance database at ``$VERIBOT_TEST_POSTGRES`` (default: the local server's
``postgres`` database, user postgres), and drops it at the end; each test that asks for
``postgres_url`` gets a fresh schema in it. A server that cannot be reached fails those tests:
they never skip (``.ci/run`` starts the local cluster when it is down).
"""

from __future__ import annotations

import importlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from robotlib.ocr.engine import OcrEngine
from robotlib.plugins.host import LOAD_ENV, get_plugin_manager
from scheduler.pool import SqlitePool
from tests.helpers.keys import session_keyring

REPO = Path(__file__).resolve().parents[2]
ECHO_PLUGIN = "tests.helpers.echo_bot"
POSTGRES_ENV = "VERIBOT_TEST_POSTGRES"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(scope="module")
def engine() -> OcrEngine:
    """RapidOCR with two threads, loaded once per test module (a second of model loading)."""
    from robotlib.ocr.rapid import rapid_engine

    return rapid_engine(2)


@pytest.fixture
def echo_plugin(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """Load only the ``echo`` test bot, here and in every worker process spawned meanwhile.

    Spawned processes inherit the environment and ``sys.path``, so they load the same plugin.
    """
    monkeypatch.syspath_prepend(str(REPO))
    monkeypatch.setenv(LOAD_ENV, ECHO_PLUGIN)
    get_plugin_manager.cache_clear()
    try:
        yield importlib.import_module(ECHO_PLUGIN)
    finally:
        get_plugin_manager.cache_clear()


def with_database(url: str, database: str, **query: str) -> str:
    """``url`` pointing at ``database``, with ``query`` as its URL parameters."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}", query=urlencode(query)))


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """The URL of a database created for this test session and dropped after it."""
    maintenance = os.environ.get(POSTGRES_ENV, DEFAULT_POSTGRES)
    name = f"veribot_test_{os.getpid()}"
    statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    try:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(statement)
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is needed for this test and could not be reached ({exc}); start it "
            f"(.ci/run does) or point ${POSTGRES_ENV} at a maintenance database"
        )
    try:
        yield with_database(maintenance, name)
    finally:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(statement)


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    """A pool URL whose tables live in a schema of their own, empty for this test."""
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    database = urlsplit(postgres_database).path.lstrip("/")
    return with_database(postgres_database, database, options=f"-csearch_path={schema}")


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[SqlitePool]:
    """A SQLite pool in ``tmp_path``, sealed with the session's keys."""
    with SqlitePool(tmp_path / "pool.db", keyring=session_keyring()) as pool:
        yield pool


@pytest.fixture
def config_file(tmp_path: Path, echo_plugin: ModuleType) -> Path:
    """A veribot.toml with a SQLite pool in its folder, the echo bot loaded."""
    path = tmp_path / "veribot.toml"
    path.write_text('[database]\nurl = "sqlite:///var/pool.db"\n', encoding="utf-8")
    return path
