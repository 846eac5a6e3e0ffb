"""``veribot migrate`` and ``veribot init`` upgrade an old pool in place; everything in it
still reads: pools made by an older veribot (``old_pools/``: SQLite at schema version 6,
PostgreSQL at 5), a version-1 file of the walking skeleton, and an empty PostgreSQL schema."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from test_sqlite_pool import version_1_file

from robotlib.config import load_config
from robotlib.model import Application, Decision, ReasonCode, TaskStatus
from robotlib.protection.keystore import KEYS_ENV
from scheduler.audit_log import AuditLog
from scheduler.cron.store import ScheduleStore
from scheduler.db import open_database, parse_database_url
from scheduler.db.migrations import migrations
from scheduler.operators import OperatorRole, Operators
from scheduler.pool import open_configured_pool
from scheduler.robots import pool_permissions
from tests.helpers.cli_run import veribot

OLD_POOLS = Path(__file__).parent / "old_pools"
#: what make_sqlite_v6.py sealed into the pool as document id_front of OLD-1
OLD_FRONT = b"\xff\xd8\xff\xe0 not really a photo \xff\xd9"


def sqlite_config(folder: Path) -> str:
    """A veribot.toml in ``folder`` for the pool file ``folder/pool.db``; its path."""
    (folder / "veribot.toml").write_text('[database]\nurl = "sqlite:///pool.db"\n')
    return str(folder / "veribot.toml")


@pytest.fixture(params=["sqlite_v6", "postgres_v5"])
def old_pool(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """The pool of ``old_pools/<param>.sql``, with the keys it was made with; its config."""
    monkeypatch.setenv(KEYS_ENV, (OLD_POOLS / "keys.json").read_text("utf-8"))
    dump = (OLD_POOLS / f"{request.param}.sql").read_text("utf-8")
    if request.param.startswith("sqlite"):
        with closing(sqlite3.connect(tmp_path / "pool.db")) as db:
            db.executescript(dump)
        return sqlite_config(tmp_path)
    url = request.getfixturevalue("postgres_url")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(dump)  # no parameters: the dump is many statements
    (tmp_path / "veribot.toml").write_text(f'[database]\nurl = "{url}"\n')
    return str(tmp_path / "veribot.toml")


def schema_version(config_file: str) -> int:
    """The schema version of the pool database of ``config_file``, as it is."""
    with open_database(load_config(config_file).database_url, migrate=False) as database:
        return database.schema_version()


def test_an_old_pool_is_migrated_and_everything_in_it_reads(old_pool: str) -> None:
    config = load_config(old_pool)
    backend = parse_database_url(config.database_url).backend
    found = schema_version(old_pool)
    migrated = veribot("--config", old_pool, "migrate")

    assert migrated.exit_code == 0, migrated.output
    assert f"{backend} schema version {found}" in migrated.stdout
    assert schema_version(old_pool) == len(migrations(backend))
    with open_configured_pool(config) as pool:
        results = {record.ref: record for record in pool.results()}
        documents = pool.documents("OLD-1")
        same_applicant = pool.refs_of_id_number("440305199003071236")
        claimed = pool.claim("new-worker", ["echo"], [], limit=5)
        audit_checked, audit_break = AuditLog(pool).verify()
        operator = Operators(pool).verify("li", "a long pass phrase")
        grants = pool_permissions(pool).grants("default")
    with closing(ScheduleStore(config)) as store:
        schedules = store.all()

    assert {ref: r.status for ref, r in results.items()} == {
        "OLD-1": TaskStatus.DONE,
        "OLD-2": TaskStatus.DEAD,
        "OLD-3": TaskStatus.FAILED,
        "OLD-4": TaskStatus.PENDING,
        "OLD-5": TaskStatus.PENDING,
    }
    assert (results["OLD-1"].decision, results["OLD-1"].reasons) == (
        Decision.REVIEW,
        [ReasonCode.GREYLIST_HIT],
    )
    assert (results["OLD-2"].decision, results["OLD-2"].error) == (Decision.REVIEW, "rule says no")
    assert documents == {"id_front": OLD_FRONT}
    assert same_applicant == ["OLD-1", "OLD-2", "OLD-3", "OLD-4", "OLD-5"]
    assert sorted(task.ref for task in claimed) == ["OLD-4", "OLD-5"]
    assert {Application.model_validate_json(t.payload).applicant.name for t in claimed} == {"张伟"}
    assert (audit_checked, audit_break) == (2, None)
    assert operator is not None
    assert operator.role is OperatorRole.REVIEWER
    assert "ocr" in grants.in_pool("shenzhen")
    assert [(s.name, s.cron, s.command) for s in schedules] == [
        ("nightly", "0 2 * * *", ["veribot", "status"])
    ]


def test_migrate_again_changes_nothing(old_pool: str) -> None:
    backend = parse_database_url(load_config(old_pool).database_url).backend
    veribot("--config", old_pool, "migrate")
    again = veribot("--config", old_pool, "migrate")

    assert again.exit_code == 0, again.output
    latest = len(migrations(backend))
    assert again.stdout.strip() == f"{backend} schema version {latest}, latest {latest}: up to date"


def test_migrate_lists_pending_migrations_then_applies_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEYS_ENV, raising=False)
    version_1_file(tmp_path / "pool.db")
    config_file = sqlite_config(tmp_path)
    later = [f"{m.version:04d} {m.name}" for m in migrations("sqlite")[1:]]

    dry = veribot("--config", config_file, "migrate", "--dry-run")
    version_after_dry_run = schema_version(config_file)
    applied = veribot("--config", config_file, "migrate")

    assert dry.exit_code == 0, dry.output
    assert f"sqlite schema version 1, latest {len(later) + 1}" in dry.stdout
    assert [line.strip() for line in dry.stdout.splitlines()[1:]] == [
        f"pending {name}" for name in later
    ]
    assert version_after_dry_run == 1
    assert applied.exit_code == 0, applied.output
    assert [line.strip() for line in applied.stdout.splitlines()[1:-1]] == [
        f"applied {name}" for name in later
    ]
    assert applied.stdout.splitlines()[-1] == f"now at schema version {len(later) + 1}"
    assert schema_version(config_file) == len(later) + 1
    assert not (tmp_path / "var" / "veribot.key").exists()  # migrate never makes keys


def test_init_upgrades_an_old_pool_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version_1_file(tmp_path / "pool.db")
    config_file = sqlite_config(tmp_path)

    initialised = veribot("--config", config_file, "init")

    assert initialised.exit_code == 0, initialised.output
    latest = len(migrations("sqlite"))
    assert f"(schema version {latest}, {latest - 1} migration(s) applied)" in initialised.stdout
    assert schema_version(config_file) == latest


def test_migrate_refuses_a_newer_database_in_one_line(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "pool.db")) as db:
        db.execute("PRAGMA user_version = 99")
    config_file = sqlite_config(tmp_path)

    refused = veribot("--config", config_file, "migrate")

    assert refused.exit_code == 1
    assert "schema version 99" in refused.stderr
    assert "Traceback" not in refused.output


def test_migrate_brings_an_empty_postgres_schema_to_the_latest_version(
    postgres_url: str, tmp_path: Path
) -> None:
    (tmp_path / "veribot.toml").write_text(f'[database]\nurl = "{postgres_url}"\n')
    config_file = str(tmp_path / "veribot.toml")
    every = [f"{m.version:04d} {m.name}" for m in migrations("postgres")]

    dry = veribot("--config", config_file, "migrate", "--dry-run")
    applied = veribot("--config", config_file, "migrate")
    again = veribot("--config", config_file, "migrate")

    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines()[0] == (
        f"postgres schema version 0, latest {len(every)}: {len(every)} migration(s) pending"
    )
    assert applied.exit_code == 0, applied.output
    assert [line.strip() for line in applied.stdout.splitlines()[1:-1]] == [
        f"applied {name}" for name in every
    ]
    assert (
        again.stdout.strip()
        == f"postgres schema version {len(every)}, latest {len(every)}: up to date"
    )
