"""An insider who can write to the database cannot rewrite the audit chain unseen."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from robotlib.audit import AuditEvent
from robotlib.protection.keystore import KEYS_ENV
from scheduler.audit_log import AuditLog
from scheduler.pool import SqlitePool
from tests.helpers.cli_run import veribot

EVENTS = [AuditEvent("teller-bot", "decision", f"A-{n}", {"decision": "approve"}) for n in range(4)]


def plain_rehash(db: Path, first: int, detail: str) -> None:
    """What an insider does: edit record ``first`` and recompute every later hash with plain
    SHA-256, exactly as veribot computed them before the chain was keyed."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT id, at, actor, action, ref, detail FROM audit_log WHERE id >= ? ORDER BY id",
            (first,),
        ).fetchall()
        prev = conn.execute("SELECT hash FROM audit_log WHERE id = ?", (first - 1,)).fetchone()
        prev_hash = prev[0] if prev else "0" * 64
        for entry_id, at, actor, action, ref, old_detail in rows:
            text = detail if entry_id == first else old_detail
            canonical = json.dumps(
                [prev_hash, entry_id, repr(float(at)), actor, action, ref, text],
                ensure_ascii=False,
                separators=(",", ":"),
            )
            digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
            conn.execute(
                "UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?",
                (text, prev_hash, digest, entry_id),
            )
            prev_hash = digest


# the session's keys have no audit key of their own, as key files from before the keyed
# chain: a rewrite from the very first record is the key file test's below
@pytest.mark.parametrize("first", [2, 4])
def test_a_record_rewritten_and_rehashed_with_plain_sha256_is_named(
    pool: SqlitePool, first: int
) -> None:
    AuditLog(pool).record(EVENTS)
    assert AuditLog(pool).verify() == (4, None)

    plain_rehash(pool.path, first, '{"decision":"reject"}')

    problem = AuditLog(pool).verify()[1]
    assert problem is not None, f"rewrite from record {first} went unseen"
    assert problem.entry_id == first
    assert str(problem).startswith(f"audit record {first}: ")


def test_a_chain_cut_after_an_anchor_is_caught_by_the_cli(config_file: Path) -> None:
    config = str(config_file)
    for _ in range(3):  # each grant is an audited change
        assert veribot("--config", config, "robots", "grant", "teller", "ocr").exit_code == 0
    anchored = veribot("--config", config, "audit", "anchor")
    assert anchored.exit_code == 0, anchored.output
    anchor = anchored.stdout.strip()
    last = int(anchor.partition(":")[0])
    assert veribot("--config", config, "audit", "verify", "--anchor", anchor).exit_code == 0

    with sqlite3.connect(config_file.parent / "var" / "pool.db") as conn:
        conn.execute("DELETE FROM audit_log WHERE id >= ?", (last - 1,))

    plain = veribot("--config", config, "audit", "verify")
    assert plain.exit_code == 0  # without the anchor a cut end leaves no trace
    checked = veribot("--config", config, "audit", "verify", "--anchor", anchor)
    assert checked.exit_code == 1
    assert checked.stderr.count("\n") == 1
    assert "Traceback" not in checked.output
    assert f"audit record {last}: is missing: the chain ends at record {last - 2}" in checked.stderr


def test_a_pool_chained_with_plain_sha256_keeps_verifying_after_the_upgrade(
    pool: SqlitePool,
) -> None:
    AuditLog(pool).record(EVENTS[:2])
    plain_rehash(pool.path, 1, '{"decision":"approve"}')  # the chain as old veribot wrote it
    AuditLog(pool).record(EVENTS[2:])

    entries = list(AuditLog(pool).entries())
    assert [entry.version for entry in entries] == [1, 1, 2, 2]
    assert AuditLog(pool).verify() == (4, None)
    with sqlite3.connect(pool.path) as conn:  # the old records are no weaker than before
        conn.execute("UPDATE audit_log SET detail = '{}' WHERE id = 2")
    problem = AuditLog(pool).verify()[1]
    assert problem is not None
    assert problem.entry_id == 2


def test_a_key_file_with_its_own_audit_key_accepts_no_plain_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from robotlib.protection.keystore import create_key_file

    keyring = create_key_file(tmp_path / "veribot.key")
    monkeypatch.delenv(KEYS_ENV)
    with SqlitePool(tmp_path / "pool.db", keyring=keyring) as pool:
        AuditLog(pool).record(EVENTS)
        plain_rehash(pool.path, 1, '{"decision":"reject"}')  # the whole chain, downgraded

        problem = AuditLog(pool).verify()[1]

    assert problem is not None
    assert problem.entry_id == 1
    assert "plain SHA-256" in str(problem)
