"""Protection through the CLI: init, unmasked export, robots, audit, users, key rotation."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from robotlib.cli.app import app
from robotlib.protection.keystore import KEYS_ENV

NAME, NUMBER = "张伟", "440305199003071236"


def veribot(config: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, ["--config", str(config), *args], input=stdin)


@pytest.fixture
def decided(config_file: Path, tmp_path: Path) -> Path:
    """Two applications submitted and decided."""
    lines = [
        {"ref": ref, "kind": "echo", "applicant": {"name": NAME, "id_number": NUMBER}}
        for ref in ("SZ-1", "SZ-2")
    ]
    path = tmp_path / "apps.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert veribot(config_file, "submit", str(path)).exit_code == 0
    ran = veribot(config_file, "run", "--workers", "1", "--until-empty")
    assert ran.exit_code == 0, ran.output
    return config_file


def test_init_creates_an_owner_only_key_file_and_the_first_robot(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEYS_ENV)
    first = veribot(config_file, "init")
    again = veribot(config_file, "init")

    key_file = config_file.parent / "var" / "veribot.key"
    assert first.exit_code == 0, first.output
    assert f"created {key_file}" in first.stdout
    assert "robots: default works in every pool" in first.stdout
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "exists, kept" in again.stdout
    assert "permissions exist, kept" in again.stdout


def test_unmasked_export_needs_pii_read_and_is_audited(decided: Path) -> None:
    refused = veribot(decided, "results", "--format", "jsonl", "--unmask")
    granted = veribot(decided, "robots", "grant", "default", "pii:read")
    full = veribot(decided, "results", "--format", "jsonl", "--unmask", "--id-number", NUMBER)
    masked = veribot(decided, "results", "--format", "jsonl")

    assert refused.exit_code == 1
    assert "'default' is not granted pii:read" in refused.stderr
    assert NUMBER not in refused.stdout
    assert granted.exit_code == 0, granted.output
    assert [json.loads(line)["fields"]["id_number"] for line in full.stdout.splitlines()] == [
        NUMBER,
        NUMBER,
    ]
    assert NUMBER not in masked.stdout
    assert NAME not in masked.stdout
    trail = [
        json.loads(line)
        for line in veribot(decided, "audit", "show", "--ref", "SZ-1", "--json").stdout.splitlines()
    ]
    assert [e["action"] for e in trail][-1] == "decision"
    verified = veribot(decided, "audit", "verify")
    assert verified.exit_code == 0
    assert "audit chain intact" in verified.stdout


def test_audit_verify_names_a_row_edited_by_hand(decided: Path) -> None:
    database = decided.parent / "var" / "pool.db"
    with sqlite3.connect(database) as db:
        (row_id,) = db.execute(
            "SELECT id FROM audit_log WHERE action = 'decision' ORDER BY id LIMIT 1"
        ).fetchone()
        db.execute(
            "UPDATE audit_log SET detail = replace(detail, 'approve', 'reject') WHERE id = ?",
            (row_id,),
        )

    verified = veribot(decided, "audit", "verify")

    assert verified.exit_code == 1
    assert f"audit record {row_id}: was edited" in verified.stderr


def test_robots_grant_assign_list_and_revoke(decided: Path) -> None:
    assert veribot(decided, "robots", "grant", "verifier", "ocr", "source:blacklist").exit_code == 0
    assigned = veribot(
        decided, "robots", "assign", "night-bot", "--pool", "shenzhen", "--role", "verifier"
    )
    revoked = veribot(decided, "robots", "revoke", "verifier", "ocr")
    listed = veribot(decided, "robots", "list", "--json")

    assert assigned.exit_code == 0
    assert "night-bot: works in shenzhen" in assigned.stdout
    assert "revoked ocr" in revoked.stdout
    robots = {r["robot"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert robots["night-bot"]["scopes"] == {"shenzhen": ["source:blacklist"]}
    assert robots["night-bot"]["roles"] == {"shenzhen": "verifier"}


def test_operator_accounts_with_argon2_passwords(decided: Path) -> None:
    weak = veribot(
        decided, "users", "add", "li", "--role", "reviewer", "--password-stdin", stdin="short\n"
    )
    added = veribot(
        decided,
        "users",
        "add",
        "li",
        "--role",
        "reviewer",
        "--password-stdin",
        stdin="correct horse battery\n",
    )
    twice = veribot(
        decided,
        "users",
        "add",
        "li",
        "--role",
        "admin",
        "--password-stdin",
        stdin="correct horse battery\n",
    )
    disabled = veribot(decided, "users", "disable", "li")
    listed = veribot(decided, "users", "list")

    assert weak.exit_code == 1
    assert "at least 12 characters" in weak.stderr
    assert added.exit_code == 0, added.output
    assert twice.exit_code == 1
    assert "exists already" in twice.stderr
    assert disabled.exit_code == 0
    assert "li" in listed.stdout
    assert "disabled" in listed.stdout
    with sqlite3.connect(decided.parent / "var" / "pool.db") as db:
        (digest,) = db.execute("SELECT password_hash FROM users WHERE name = 'li'").fetchone()
    assert digest.startswith("$argon2id$")
    assert "correct horse" not in digest


def test_keys_rotate_reseals_the_pool(
    decided: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(KEYS_ENV)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    config = fresh / "veribot.toml"
    config.write_text('[database]\nurl = "sqlite:///var/pool.db"\n', encoding="utf-8")
    assert veribot(config, "init").exit_code == 0
    apps = tmp_path / "apps.jsonl"
    apps.write_text(
        json.dumps({"ref": "R-1", "kind": "echo", "applicant": {"name": NAME, "id_number": NUMBER}})
        + "\n"
    )
    assert veribot(config, "submit", str(apps)).exit_code == 0

    rotated = veribot(config, "keys", "rotate")

    assert rotated.exit_code == 0, rotated.output
    assert "re-sealed 1 stored values" in rotated.stdout
    keys = json.loads((fresh / "var" / "veribot.key").read_text())
    assert len(keys["keys"]) == 2
    assert keys["active"] in rotated.stdout
    assert veribot(config, "run", "--workers", "1", "--until-empty").exit_code == 0
