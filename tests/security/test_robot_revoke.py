"""``veribot robots revoke`` never reports success while the scope stays usable: a grant in
every pool cannot be taken from one pool, a role's grant not from one of its robots."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli_run import veribot


@pytest.fixture
def config(tmp_path: Path) -> str:
    path = tmp_path / "veribot.toml"
    path.write_text('[database]\nurl = "sqlite:///var/pool.db"\n', encoding="utf-8")
    return str(path)


def robots_json(config: str) -> dict[str, dict[str, list[str]]]:
    listed = veribot("--config", config, "robots", "list", "--json")
    assert listed.exit_code == 0, listed.output
    return {r["robot"]: r["scopes"] for r in map(json.loads, listed.stdout.splitlines())}


def test_revoking_in_one_pool_a_scope_granted_in_every_pool_is_refused(config: str) -> None:
    assert veribot("--config", config, "robots", "assign", "night", "--pool", "*").exit_code == 0
    assert veribot("--config", config, "robots", "grant", "night", "ocr").exit_code == 0

    revoked = veribot("--config", config, "robots", "revoke", "night", "ocr", "--pool", "sz")

    assert revoked.exit_code == 1
    assert "'night' holds ocr in every pool (*)" in revoked.stderr, revoked.stderr
    assert "--pool '*'" in revoked.stderr
    assert robots_json(config)["night"] == {"*": ["ocr"]}


def test_revoking_from_a_robot_a_scope_of_its_role_is_refused(config: str) -> None:
    assign = ("robots", "assign", "night", "--pool", "sz", "--role", "verifier")
    assert veribot("--config", config, *assign).exit_code == 0
    assert veribot("--config", config, "robots", "grant", "verifier", "ocr").exit_code == 0

    revoked = veribot("--config", config, "robots", "revoke", "night", "ocr", "--pool", "sz")

    assert revoked.exit_code == 1
    assert "through its role 'verifier'" in revoked.stderr, revoked.stderr
    assert robots_json(config)["night"] == {"sz": ["ocr"]}


def test_grant_and_revoke_print_the_scopes_held_afterwards(config: str) -> None:
    assert veribot("--config", config, "robots", "assign", "night", "--pool", "*").exit_code == 0
    granted = veribot("--config", config, "robots", "grant", "night", "ocr", "--pool", "sz")
    assert granted.exit_code == 0, granted.output
    assert "night now holds:\n  *: -\n  sz: ocr\n" in granted.stdout, granted.stdout

    revoked = veribot("--config", config, "robots", "revoke", "night", "ocr", "--pool", "sz")
    assert revoked.exit_code == 0, revoked.output
    assert "night: revoked ocr in sz" in revoked.stdout
    assert "sz: ocr" not in revoked.stdout, revoked.stdout
