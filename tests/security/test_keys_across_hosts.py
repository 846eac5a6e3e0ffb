"""Two hosts on one PostgreSQL pool: a second host never makes keys of its own, and a host
whose keys differ from the pool's is refused with one line before it touches the data."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from robotlib.protection.keystore import KEYS_ENV, create_key_file
from tests.helpers.cli_run import veribot

COMMAND = str(Path(sys.executable).with_name("veribot"))


def host(tmp_path: Path, name: str, pool_url: str) -> str:
    """The veribot.toml of host ``name``: the shared pool, its own var/veribot.key."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "veribot.toml").write_text(
        f"[database]\nurl = {json.dumps(pool_url)}\n", encoding="utf-8"
    )
    return str(folder / "veribot.toml")


def key_file(config: str) -> Path:
    return Path(config).parent / "var" / "veribot.key"


def run_worker(config: str) -> subprocess.CompletedProcess[str]:
    """``veribot run --until-empty`` on a host, as a real process."""
    return subprocess.run(
        [COMMAND, "--config", config, "run", "--workers", "1", "--until-empty"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def hosts(
    tmp_path: Path, postgres_url: str, echo_plugin: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """Hosts A and B on one PostgreSQL pool; A set it up and submitted an application."""
    monkeypatch.delenv(KEYS_ENV)  # each host's keys come from its own key file
    first, second = host(tmp_path, "a", postgres_url), host(tmp_path, "b", postgres_url)
    initialised = veribot("--config", first, "init")
    assert initialised.exit_code == 0, initialised.output
    record = {
        "ref": "A-1",
        "kind": "echo",
        "applicant": {"name": "张伟", "id_number": "440305199003071236"},
    }
    applications = tmp_path / "applications.jsonl"
    applications.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert veribot("--config", first, "submit", str(applications)).exit_code == 0
    return first, second


def test_init_on_a_second_host_refuses_to_make_a_key_of_its_own(hosts: tuple[str, str]) -> None:
    first, second = hosts
    active = json.loads(key_file(first).read_text())["active"]

    refused = veribot("--config", second, "init")

    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1
    assert "Traceback" not in refused.output
    assert f"sealed with key(s) {active} and this host has no key file" in refused.stderr
    assert "a copy of the key file of a host that already works on this pool" in refused.stderr
    assert not key_file(second).exists()


def test_a_host_with_other_keys_is_refused_at_start_with_one_line(
    hosts: tuple[str, str],
) -> None:
    first, second = hosts
    active = json.loads(key_file(first).read_text())["active"]
    create_key_file(key_file(second))  # what `veribot init` on the second host used to do

    assert veribot("--config", second, "init").exit_code == 1
    worker = run_worker(second)

    assert worker.returncode != 0
    assert f"lack key(s) {active}" in worker.stderr, worker.stderr
    assert "Traceback" not in worker.stderr
    assert "PoolDataError" not in worker.stderr
    assert "renewing its lease" not in worker.stderr
    refusals = [line for line in worker.stderr.splitlines() if active in line]
    assert len(refusals) == 1
    assert refusals[0].startswith("error: this host's encryption keys")


def test_a_host_with_a_copy_of_the_key_file_works_on_the_pool(hosts: tuple[str, str]) -> None:
    first, second = hosts
    key_file(second).parent.mkdir()
    shutil.copy(key_file(first), key_file(second))

    assert veribot("--config", second, "init").exit_code == 0
    worker = run_worker(second)

    assert worker.returncode == 0, worker.stderr
    shown = veribot("--config", first, "results", "--format", "jsonl")
    assert json.loads(shown.stdout)["status"] == "done"
    assert veribot("--config", first, "audit", "verify").exit_code == 0  # one audit key
