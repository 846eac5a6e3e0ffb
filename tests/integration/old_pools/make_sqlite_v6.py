"""Write ``sqlite_v6.sql``: a SQLite pool as veribot made it at schema version 6.

Run once, with the veribot of that version on the path (``PYTHONPATH=/path/to/that/tree
python tests/integration/old_pools/make_sqlite_v6.py``): it fills a pool through that
veribot's own API (tasks in every state, a result, a dead letter, a sealed document, robot
rules, audit entries, an operator, a schedule, the pool's key fingerprints) and dumps it as
SQL text. ``test_old_pools.py`` upgrades the dump with today's veribot and reads it all back.
The applicant is DESIGN.md's example; every payload is sealed with the throwaway key of
``keys.json`` (a test key, never used elsewhere).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

from robotlib.audit import AuditEvent
from robotlib.config import load_config
from robotlib.model import Application, Decision, ReasonCode, ResultRecord, TaskStatus
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


def main() -> None:
    os.environ["VERIBOT_KEYS"] = (HERE / "keys.json").read_text("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "veribot.toml").write_text('[database]\nurl = "sqlite:///pool.db"\n')
        front = root / "front.jpg"
        front.write_bytes(b"\xff\xd8\xff\xe0 not really a photo \xff\xd9")
        config = load_config(root / "veribot.toml")
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
            pool.fail(third, "registry timed out", retry_in=3600)
            seed_first_robot(pool, pool_permissions(pool), "default", ["ocr"], "fixture")
            Operators(pool).add("li", "a long pass phrase", OperatorRole.REVIEWER)
        store = ScheduleStore(config)
        try:
            store.add("nightly", "0 2 * * *", ["veribot", "status"], now=T0)
        finally:
            store.close()
        with open_configured_pool(config) as pool:
            from scheduler.audit_log import AuditLog

            AuditLog(pool).record([AuditEvent("fixture", "fixture.made", "OLD-1", {"n": 1})])
        with sqlite3.connect(root / "pool.db") as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            dump = "\n".join(db.iterdump())
    (HERE / f"sqlite_v{version}.sql").write_text(
        f"-- made by make_sqlite_v6.py; schema version {version}\n"
        f"{dump}\nPRAGMA user_version = {version};\n",
        "utf-8",
    )
    print(json.dumps({"version": version}))


if __name__ == "__main__":
    main()
