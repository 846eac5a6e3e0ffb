"""Personal data at rest, the audit chain, robot permissions on running workers: on both
pool backends, with real databases and a real worker."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import ClassVar

import psycopg
import pytest

from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.config import Config
from robotlib.model import Application, Documents, TaskStatus
from robotlib.permissions import ALL_POOLS
from scheduler.audit_log import AuditLog
from scheduler.key_rotation import reseal
from scheduler.pool import SqlPool, open_pool
from scheduler.robots import pool_permissions, seed_first_robot
from scheduler.settings import WorkerSettings
from scheduler.worker import Worker
from tests.helpers.keys import session_keyring

QUICK = WorkerSettings(lease_seconds=5, poll_seconds=0.05, policy_refresh_seconds=0.2)
PEOPLE = [
    ("张伟", "440305199003071236", "13800138000"),
    ("欧阳娜娜", "11010519491231002X", "13912345678"),
    ("王芳", "320102198001010015", "15011112222"),
]


def application(ref: str, person: tuple[str, str, str], branch: str = "default") -> Application:
    name, number, phone = person
    return Application.model_validate(
        {
            "ref": ref,
            "kind": "echo",
            "branch": branch,
            "applicant": {"name": name, "id_number": number, "phone": phone},
        }
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def pool_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pool.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def pool(pool_url: str) -> Iterator[SqlPool]:
    with open_pool(pool_url, keyring=session_keyring()) as opened:
        yield opened


def by_hand(pool_url: str, statement: str, *params: object) -> None:
    """What an intruder with database access does, outside veribot."""
    if pool_url.startswith("sqlite:///"):
        with sqlite3.connect(pool_url.removeprefix("sqlite:///")) as db:
            db.execute(statement.replace("%s", "?"), params)
        return
    with psycopg.connect(pool_url) as conn:
        conn.execute(statement, params)


def stored_bytes(pool_url: str) -> bytes:
    """The SQLite files, as an intruder would read them."""
    path = Path(pool_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    files = [path, path.with_name(path.name + "-wal")]
    return b"".join(p.read_bytes() for p in files if p.exists())


def stored_text(pool_url: str) -> str:
    """Everything the database holds, as the bytes an intruder would read."""
    if pool_url.startswith("sqlite:///"):
        return stored_bytes(pool_url).decode("utf-8", "replace")
    with psycopg.connect(pool_url) as conn:
        tables = [
            t
            for (t,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        ]
        return "\n".join(
            str(row) for table in tables for row in conn.execute(f'SELECT t::text FROM "{table}" t')
        )


def test_no_personal_data_in_plaintext_at_rest(
    echo_plugin: ModuleType, pool: SqlPool, pool_url: str, tmp_path: Path
) -> None:
    pool.submit([application(f"A-{i}", person) for i, person in enumerate(PEOPLE)])
    worker = Worker(
        Config(base_dir=tmp_path), pool, settings=QUICK, bots={"echo": echo_plugin.EchoBot}
    )
    worker.run(threading.Event(), until_empty=True)

    assert [r.status for r in pool.results()] == [TaskStatus.DONE] * 3
    assert [r.fields.name for r in pool.results()] == [
        p[0] for p in PEOPLE
    ]  # readable with the key
    text = stored_text(pool_url)
    assert "A-1" in text  # refs are not personal data: the scan does see the rows
    for name, number, phone in PEOPLE:
        assert name not in text
        assert number not in text
        assert phone not in text
    assert pool.refs_of_id_number("11010519491231002x") == ["A-1"]  # lookup by keyed hash


def test_editing_or_deleting_an_audit_row_is_named(
    echo_plugin: ModuleType, pool: SqlPool, pool_url: str, tmp_path: Path
) -> None:
    pool.submit([application(f"A-{i}", person) for i, person in enumerate(PEOPLE)])
    Worker(Config(base_dir=tmp_path), pool, settings=QUICK, bots={"echo": echo_plugin.EchoBot}).run(
        threading.Event(), until_empty=True
    )
    audit = AuditLog(pool)
    checked, problem = audit.verify()
    assert problem is None
    assert checked >= 4
    decisions = [e for e in audit.entries() if e.action == "decision"]
    assert [e.ref for e in decisions] == ["A-0", "A-1", "A-2"]

    forged = decisions[1].detail.replace("approve", "reject")
    by_hand(pool_url, "UPDATE audit_log SET detail = %s WHERE id = %s", forged, decisions[1].id)
    assert audit.verify()[1] is not None
    assert audit.verify()[1].entry_id == decisions[1].id  # type: ignore[union-attr]
    assert "edited" in str(audit.verify()[1])

    by_hand(
        pool_url,
        "UPDATE audit_log SET detail = %s WHERE id = %s",
        decisions[1].detail,
        decisions[1].id,
    )
    assert audit.verify()[1] is None
    by_hand(pool_url, "DELETE FROM audit_log WHERE id = %s", decisions[0].id)
    problem = audit.verify()[1]
    assert problem is not None
    assert problem.entry_id == decisions[0].id + 1


def test_reassigning_a_robot_reaches_a_running_worker(
    echo_plugin: ModuleType, pool: SqlPool, pool_url: str, tmp_path: Path
) -> None:
    permissions = pool_permissions(pool)
    permissions.grant("teller-bot", [])
    permissions.assign("teller-bot", ["shenzhen"])
    worker = Worker(
        Config(base_dir=tmp_path),
        open_pool(pool_url, keyring=session_keyring()),
        settings=QUICK,
        bots={"echo": echo_plugin.EchoBot},
        robot="teller-bot",
    )
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop,))
    thread.start()
    try:
        pool.submit([application("BJ-1", PEOPLE[0], branch="beijing")])
        time.sleep(1.0)
        assert pool.counts()[TaskStatus.PENDING] == 1  # beijing is not its pool

        permissions.assign("teller-bot", ["beijing"])

        deadline = time.monotonic() + 10
        while pool.counts()[TaskStatus.DONE] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pool.counts()[TaskStatus.DONE] == 1
    finally:
        stop.set()
        thread.join(10)
        worker.pool.close()


def test_a_task_needing_an_ungranted_scope_is_never_claimed(pool: SqlPool) -> None:
    permissions = pool_permissions(pool)
    permissions.grant("narrow", ["ocr"])
    permissions.assign("narrow", [ALL_POOLS])
    pool.submit([application("A-1", PEOPLE[0])], {"echo": {"ocr", "source:blacklist"}})
    held = permissions.grants("narrow").in_pool("default")

    assert pool.claim("w", ["echo"], held) == []
    permissions.grant("narrow", ["source:blacklist"])
    assert [
        t.ref for t in pool.claim("w", ["echo"], permissions.grants("narrow").in_pool("default"))
    ] == ["A-1"]


class DocumentBot(Bot):
    """Looks at the front image it is given, as a real bot would."""

    name = "docs"
    seen: ClassVar[list[tuple[Path, bytes, int]]] = []

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        path = application.documents.id_front
        assert path is not None
        DocumentBot.seen.append((path, path.read_bytes(), path.parent.stat().st_mode))
        return BotOutcome()


def test_document_images_are_sealed_and_opened_only_for_the_task(
    pool: SqlPool, pool_url: str, tmp_path: Path
) -> None:
    image = tmp_path / "intake" / "A-0-front.jpg"
    image.parent.mkdir()
    content = b"\xff\xd8\xff" + os.urandom(4096) + b"CARD-PIXELS-0123456789"
    image.write_bytes(content)
    app = application("A-0", PEOPLE[0]).model_copy(
        update={
            "kind": "docs",
            "documents": Documents(id_front=image, id_back=tmp_path / "missing.jpg"),
        }
    )
    pool.submit([app])
    DocumentBot.seen.clear()

    Worker(Config(base_dir=tmp_path), pool, settings=QUICK, bots={"docs": DocumentBot}).run(
        threading.Event(), until_empty=True
    )

    [(path, seen, mode)] = DocumentBot.seen
    assert seen == content
    assert path != image
    assert stat.S_IMODE(mode) == 0o700
    assert not path.parent.exists()  # deleted after the task
    assert list(pool.documents("A-0")) == ["id_front"]  # the missing back was not copied
    marker = b"CARD-PIXELS-0123456789"
    if pool_url.startswith("sqlite:///"):
        assert marker not in stored_bytes(pool_url)
    else:
        assert marker.hex() not in stored_text(pool_url)


def test_rotation_reseals_everything_with_the_new_key(
    pool: SqlPool, pool_url: str, tmp_path: Path
) -> None:
    image = tmp_path / "front.jpg"
    image.write_bytes(b"card image")
    apps = [application(f"A-{i}", person) for i, person in enumerate(PEOPLE)]
    apps[0] = apps[0].model_copy(update={"documents": Documents(id_front=image)})
    pool.submit(apps)
    old = pool.keyring
    new_ring = type(old)(
        keys={**old.keys, "knew": b"n" * 32}, active="knew", lookup_key=old.lookup_key
    )

    with open_pool(pool_url, keyring=new_ring) as rotated:
        assert reseal(rotated) == 4  # three applications and one document
        assert reseal(rotated) == 0  # nothing left under the old key
        [task] = rotated.claim("w", ["echo"], [], 1)
        assert task.application.applicant.name == PEOPLE[0][0]
        assert rotated.documents("A-0") == {"id_front": b"card image"}
    text = stored_text(pool_url)
    assert text.count("v1:knew:") >= 3
    assert f"v1:{old.active}:" not in text


def test_workers_starting_together_on_a_new_pool_all_see_the_first_robot(pool_url: str) -> None:
    pools = [open_pool(pool_url, keyring=session_keyring()) for _ in range(4)]
    start = threading.Barrier(len(pools))
    seen: list[dict[str, frozenset[str]]] = []

    def seed(opened: SqlPool) -> None:
        permissions = pool_permissions(opened)
        start.wait()
        seed_first_robot(opened, permissions, "default", {"ocr", "source:blacklist"}, "test")
        seen.append(permissions.grants("default").by_pool)

    threads = [threading.Thread(target=seed, args=(opened,)) for opened in pools]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for opened in pools:
        opened.close()

    assert seen == [{ALL_POOLS: frozenset({"ocr", "source:blacklist"})}] * len(pools)
