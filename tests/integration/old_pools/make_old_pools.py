"""Write ``sqlite_vN.sql`` and ``postgres_vM.sql``: pools as an older veribot made them.

Run once, with that veribot on the path (``PYTHONPATH=/path/to/that/tree python
tests/integration/old_pools/make_old_pools.py postgresql://postgres@127.0.0.1/postgres``):
it fills a SQLite pool and a PostgreSQL schema through that veribot's own API (tasks in
every state, a result, a dead letter, a sealed document, robot rules, audit entries, an
operator, a schedule, the pool's key fingerprints) and dumps each as SQL text, named by its
schema version. ``test_old_pools.py`` upgrades the dumps with today's veribot and reads it
all back. The applicant is DESIGN.md's example; every payload is sealed with the throwaway
key of ``keys.json`` (a test key, never used elsewhere).
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from robotlib.audit import AuditEvent
from robotlib.config import load_config
from robotlib.model import Application, Decision, ReasonCode, ResultRecord, TaskStatus
from scheduler.audit_log import AuditLog
from scheduler.cron.store import ScheduleStore
from scheduler.operators import OperatorRole, Operators
from scheduler.pool import open_configured_pool
from scheduler.robots import pool_permissions, seed_first_robot

HERE = Path(__file__).parent
#: the schedule's time of creation (its next run follows from it)
T0 = 1_790_000_000.0


def application(ref: str, front: Path | None = None) -> Application:
    documents = {} if front is None else {"id_front": str(front)}
    return Application.model_validate(
        {
            "ref": ref,
            "kind": "echo",
            "branch": "shenzhen",
            "applicant": {"name": "张伟", "id_number": "440305199003071236"},
            "documents": documents,
        }
    )


def fill(folder: Path, url: str) -> None:
    """Fill the pool at ``url`` through the veribot on the path; its config goes in ``folder``."""
    (folder / "veribot.toml").write_text(f'[database]\nurl = "{url}"\n')
    front = folder / "front.jpg"
    front.write_bytes(b"\xff\xd8\xff\xe0 not really a photo \xff\xd9")
    config = load_config(folder / "veribot.toml")
    with open_configured_pool(config) as pool:
        refs = ["OLD-1", "OLD-2", "OLD-3", "OLD-4", "OLD-5"]
        pool.submit([application("OLD-1", front), *map(application, refs[1:])])
        first, second, third = pool.claim("old-worker", ["echo"], [], limit=3)
        pool.complete(
            first,
            ResultRecord(
                ref=first.ref,
                status=TaskStatus.DONE,
                decision=Decision.REVIEW,
                reasons=[ReasonCode.GREYLIST_HIT],
                bot="echo",
                attempts=first.attempts,
            ),
        )
        pool.fail(second, "rule says no", retry_in=0, business=True)
        # waiting until far in the future: the test claims from this pool on any later day
        pool.fail(third, "registry timed out", retry_in=4102444800 - time.time())
        seed_first_robot(pool, pool_permissions(pool), "default", ["ocr"], "fixture")
        Operators(pool).add("li", "a long pass phrase", OperatorRole.REVIEWER)
        AuditLog(pool).record([AuditEvent("fixture", "fixture.made", "OLD-1", {"n": 1})])
    store = ScheduleStore(config)
    try:
        store.add("nightly", "0 2 * * *", ["veribot", "status"], now=T0)
    finally:
        store.close()


def sqlite_dump() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        fill(root, "sqlite:///pool.db")
        with sqlite3.connect(root / "pool.db") as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            dump = "\n".join(db.iterdump())
    (HERE / f"sqlite_v{version}.sql").write_text(
        f"-- made by make_old_pools.py; schema version {version}\n"
        f"{dump}\nPRAGMA user_version = {version};\n",
        "utf-8",
    )


def postgres_dump(database: str) -> None:
    """Fill schema ``veribot_old`` of ``database``, dump it without its name, drop it."""
    with psycopg.connect(database, autocommit=True) as admin:
        admin.execute("DROP SCHEMA IF EXISTS veribot_old CASCADE")
        admin.execute("CREATE SCHEMA veribot_old")
    try:
        with tempfile.TemporaryDirectory() as folder:
            fill(Path(folder), f"{database}?options=-csearch_path%3Dveribot_old")
        with psycopg.connect(database, autocommit=True) as conn:
            row = conn.execute("SELECT max(version) FROM veribot_old.schema_version").fetchone()
            version = row[0] if row else 0
        dumped = subprocess.run(
            [
                "pg_dump",
                "--schema=veribot_old",
                "--no-owner",
                "--no-privileges",
                "--inserts",
                database,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        with psycopg.connect(database, autocommit=True) as admin:
            admin.execute("DROP SCHEMA IF EXISTS veribot_old CASCADE")
    # loaded into whatever schema the loading connection's search_path names
    lines = [
        line.replace("veribot_old.", "")
        for line in dumped.splitlines()
        if line and not re.match(r"(--|\\|SET |SELECT pg_catalog.set_config|CREATE SCHEMA )", line)
    ]
    (HERE / f"postgres_v{version}.sql").write_text(
        f"-- made by make_old_pools.py; schema version {version}\n" + "\n".join(lines) + "\n",
        "utf-8",
    )


def main() -> None:
    os.environ["VERIBOT_KEYS"] = (HERE / "keys.json").read_text("utf-8")
    sqlite_dump()
    postgres_dump(sys.argv[1])


if __name__ == "__main__":
    main()
