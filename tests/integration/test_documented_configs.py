"""Every documented ``veribot.toml`` runs: submit, run and results on a small sandbox world.

The examples are read from README.md, docs/*.md and the DESIGN.md README points to (fenced
```toml blocks whose tables are all veribot.toml tables), never copied here. A block with a
``[database]`` table is a whole veribot.toml and runs as written; any other block is part
of one and runs on top of the world's own veribot.toml, its tables replacing the world's.
Each csv file is put where the example's ``path`` says; examples that reach registries over
``http`` or through the ``portal`` reach the sandbox service, started as a real process on a
free port (the documented ``127.0.0.1:8765`` becomes that port).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from robotlib.config import Config
from robotlib.demo.agreement import compare, read_expected
from robotlib.intake import read_applications
from robotlib.model import ResultRecord
from robotlib.sandbox.service.portal_login import DEFAULT_PORTAL_PASSWORD
from tests.helpers.cli_run import veribot
from tests.helpers.sandbox_service import free_port

REPO = Path(__file__).resolve().parents[2]
#: README.md: "Architecture and contracts: `../shared/DESIGN.md`"
DESIGN = REPO.parent / "shared" / "DESIGN.md"
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), DESIGN]
FENCED_TOML = re.compile(r"^```toml\n(.*?)^```$", re.DOTALL | re.MULTILINE)
CONFIG_TABLES = frozenset(Config.model_fields) - {"base_dir"}
DOCUMENTED_SERVICE = "127.0.0.1:8765"
VERIBOT = str(Path(sys.executable).with_name("veribot"))
TOKEN = "documented-configs-token"
PEOPLE, MERCHANTS, SEED = 5, 1, 1


@dataclass(frozen=True)
class Example:
    """One fenced veribot.toml block of a document."""

    where: str
    text: str

    @property
    def tables(self) -> dict[str, Any]:
        return tomllib.loads(self.text)

    @property
    def whole(self) -> bool:
        return "database" in self.tables


def documented_examples() -> list[Example]:
    examples = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for number, block in enumerate(FENCED_TOML.findall(text), start=1):
            if set(tomllib.loads(block)) <= CONFIG_TABLES:
                name = os.path.relpath(document, REPO)
                examples.append(Example(f"{name} toml block {number}", block))
    return examples


EXAMPLES = documented_examples()


def source_tables(tables: dict[str, Any]) -> dict[str, Any]:
    """The ``[sources.NAME]`` tables of a config, without ``[sources]``'s own keys
    (``outage_budget``)."""
    return {name: t for name, t in tables.get("sources", {}).items() if isinstance(t, dict)}


def test_the_examples_are_found_in_the_documents() -> None:
    where = " | ".join(example.where for example in EXAMPLES)
    assert sum(example.whole for example in EXAMPLES) >= 2, where  # README's and DESIGN's
    types = {
        table.get("type")
        for example in EXAMPLES
        for table in source_tables(example.tables).values()
    }
    assert {"csv", "http", "portal"} <= types, where
    assert any("metrics" in example.tables for example in EXAMPLES), where


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("documented") / "world"
    made = veribot(
        "sandbox", "world", "--people", str(PEOPLE), "--merchants", str(MERCHANTS),
        "--seed", str(SEED), "--out", str(out),
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    expected = read_expected(out / "expected.jsonl").values()
    # 0 false approvals means something only if some application must not be approved
    assert {e.decision for e in expected} >= {"approve", "review"}, expected
    return out


@pytest.fixture(scope="module")
def service(world: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``veribot sandbox serve`` over the world, as ``host:port``."""
    port = free_port()
    log = (tmp_path_factory.mktemp("service") / "serve.log").open("w")
    process = subprocess.Popen(
        [VERIBOT, "sandbox", "serve", "--world", str(world), "--port", str(port), "--token", TOKEN],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(port, process)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    while process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"veribot sandbox serve exited with status {process.returncode}")


def config_for(example: Example, world: Path, folder: Path, service: str) -> Path:
    """``folder/veribot.toml``: the example (over the world's tables when it is a part),
    with the registry files where its paths point."""
    text = example.text.replace(DOCUMENTED_SERVICE, service)
    tables = tomllib.loads(text)
    base = [] if example.whole else _world_tables(world, tables)
    path = folder / "veribot.toml"
    path.write_text("\n".join([*base, text]), encoding="utf-8")
    for name, table in source_tables(tables).items():
        if table["type"] == "csv":
            target = folder / table["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(world / f"{table.get('dataset', name)}.csv", target)
        if "client_cert" in table:
            _self_signed(folder / table["client_cert"])
    return path


def _world_tables(world: Path, replaced: dict[str, Any]) -> list[str]:
    """The world's veribot.toml tables the example does not give, as TOML."""
    own = tomllib.loads((world / "veribot.toml").read_text(encoding="utf-8"))
    lines = ['[database]\nurl = "sqlite:///var/veribot.db"\n']
    for name, table in source_tables(own).items():
        if name not in source_tables(replaced):
            path = (world / table["path"]).as_posix()
            lines.append(f'[sources.{name}]\ntype = "csv"\npath = "{path}"\n')
    return lines


def _self_signed(pem: Path) -> None:
    """A client certificate and key in one PEM file, as ``client_cert`` without
    ``client_key`` wants."""
    pem.parent.mkdir(parents=True, exist_ok=True)
    key = pem.with_suffix(".key")
    command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=veribot-test"
    subprocess.run(
        [*command.split(), "-keyout", str(key), "-out", str(pem)],
        check=True,
        capture_output=True,
    )
    pem.write_text(pem.read_text() + key.read_text())


def run_example(config: Path, world: Path) -> tuple[list[ResultRecord], str]:
    """Submit, run until empty, export the results; also submit's stderr."""
    submitted = veribot("--config", str(config), "submit", str(world / "applications.jsonl"))
    ran = subprocess.run(
        [VERIBOT, "--config", str(config), "run", "--workers", "1", "--until-empty"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    granted = veribot("--config", str(config), "robots", "grant", "default", "pii:read")
    assert granted.exit_code == 0, granted.output
    exported = veribot("--config", str(config), "results", "--format", "jsonl", "--unmask")
    assert exported.exit_code == 0, exported.output
    results = [ResultRecord.model_validate_json(line) for line in exported.stdout.splitlines()]
    return results, submitted.stderr


@pytest.mark.ocr
@pytest.mark.parametrize("example", EXAMPLES, ids=[example.where for example in EXAMPLES])
def test_a_documented_config_verifies_the_world_without_false_approvals(
    example: Example,
    world: Path,
    service: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REGISTRY_TOKEN", f"Bearer {TOKEN}")
    monkeypatch.setenv("PORTAL_PASSWORD", DEFAULT_PORTAL_PASSWORD)
    monkeypatch.chdir(tmp_path)
    config = config_for(example, world, tmp_path, service)
    results, refusals = run_example(config, world)

    expected = read_expected(world / "expected.jsonl")
    merchants = {
        record.application.ref
        for record in read_applications(world / "applications.jsonl").records
        if record.application.kind == "merchant_account"
    }
    assert len(merchants) == MERCHANTS
    served = "enterprise_registry" in tomllib.loads(config.read_text())["sources"]
    agreement = compare(expected, results)
    assert agreement.false_approvals == [], (example.where, agreement.false_approvals)
    assert set(agreement.missing) == (set() if served else merchants), (example.where, refusals)
    if not served:
        for ref in merchants:
            assert f"({ref}): kind: no worker serves kind 'merchant_account'" in refusals
