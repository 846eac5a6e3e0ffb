"""A bot whose sources veribot.toml does not configure is not served: workers leave it out,
submit refuses its applications per record, and status / plugins say why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from robotlib.bot import Bot
from robotlib.config import Config, SourceConfig
from robotlib.errors import ConfigError
from scheduler.pool import SqlitePool
from scheduler.worker import Worker
from tests.helpers.cli_run import veribot
from tests.helpers.worker_tasks import FAST, NAME, NUMBER

#: the four sources of DESIGN.md's veribot.toml: no enterprise_registry
FOUR_SOURCES = ("gov_identity", "social_security", "blacklist", "telecom")


class NeedsGovBot(Bot):
    name = "needs_gov"
    required_sources = ("gov_identity",)


class NeedsRegistryBot(Bot):
    name = "needs_registry"
    required_sources = ("gov_identity", "enterprise_registry")


def config_with(tmp_path: Path, *sources: str) -> Config:
    tables = {name: SourceConfig(type="csv", path=Path(f"{name}.csv")) for name in sources}
    return Config(base_dir=tmp_path, sources=tables)


def test_a_worker_serves_the_bots_whose_sources_are_configured(
    tmp_path: Path, pool: SqlitePool
) -> None:
    bots = {"needs_gov": NeedsGovBot, "needs_registry": NeedsRegistryBot}
    worker = Worker(config_with(tmp_path, "gov_identity"), pool, settings=FAST, bots=bots)
    assert worker.kinds == ["needs_gov"]


def test_a_worker_that_can_serve_no_bot_says_what_each_needs(
    tmp_path: Path, pool: SqlitePool
) -> None:
    bots = {"needs_gov": NeedsGovBot, "needs_registry": NeedsRegistryBot}
    with pytest.raises(ConfigError) as refused:
        Worker(config_with(tmp_path), pool, settings=FAST, bots=bots)
    message = str(refused.value)
    assert "'needs_gov' needs [sources.gov_identity]" in message, message
    assert "'needs_registry' needs [sources.gov_identity], [sources.enterprise_registry]" in (
        message
    )


@pytest.fixture
def four_source_config(tmp_path: Path) -> Path:
    """The DESIGN.md shape: a SQLite pool and four csv sources, no enterprise registry."""
    lines = ['[database]\nurl = "sqlite:///var/pool.db"\n']
    lines += [f'[sources.{name}]\ntype = "csv"\npath = "{name}.csv"\n' for name in FOUR_SOURCES]
    path = tmp_path / "veribot.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_batch(tmp_path: Path) -> Path:
    """A personal and a merchant application."""
    applicant = {"name": NAME, "id_number": NUMBER}
    records = [
        {"ref": "SZ-1", "kind": "personal_account", "applicant": applicant},
        {
            "ref": "SZ-2",
            "kind": "merchant_account",
            "applicant": applicant,
            "business": {"uscc": "91440300MA5F123452", "name": "深圳华创智联科技有限公司"},
            "documents": {"licence": "images/SZ-2-licence.jpg"},
        },
    ]
    batch = tmp_path / "applications.jsonl"
    batch.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return batch


def test_submit_refuses_per_record_a_kind_no_worker_serves(
    tmp_path: Path, four_source_config: Path
) -> None:
    done = veribot("--config", str(four_source_config), "submit", str(write_batch(tmp_path)))
    assert done.exit_code == 1, done.output
    assert (
        "line 2 (SZ-2): kind: no worker serves kind 'merchant_account': its bot needs "
        "[sources.enterprise_registry]"
    ) in done.stderr, done.stderr
    assert "submitted 1, duplicates 0, rejected 1" in done.stdout


def test_an_intake_host_without_sources_submits_every_installed_kind(tmp_path: Path) -> None:
    """Its workers are configured elsewhere (a shared PostgreSQL pool): it cannot tell."""
    config = tmp_path / "veribot.toml"
    config.write_text('[database]\nurl = "sqlite:///var/pool.db"\n', encoding="utf-8")
    done = veribot("--config", str(config), "submit", str(write_batch(tmp_path)))
    assert done.exit_code == 0, done.output
    assert "submitted 2, duplicates 0, rejected 0" in done.stdout


def test_status_and_plugins_name_the_bot_not_served_and_why(four_source_config: Path) -> None:
    config = str(four_source_config)
    status = veribot("--config", config, "status", "--json")
    assert status.exit_code == 0, status.output
    document = json.loads(status.stdout)
    assert document["served_bots"] == ["personal_account"]
    [unserved] = document["unserved_bots"]
    assert unserved["bot"] == "merchant_account"
    assert "[sources.enterprise_registry]" in unserved["why"]

    human = veribot("--config", config, "status")
    assert "bot merchant_account is not served: it needs [sources.enterprise_registry]" in (
        " ".join(human.stdout.split())
    ), human.stdout

    listed = veribot("--config", config, "plugins", "--json")
    assert listed.exit_code == 0, listed.output
    plugins = {d["name"]: d for d in map(json.loads, listed.stdout.splitlines())}
    [merchant] = plugins["bots.merchant_account"]["bots"]
    assert merchant["served"] is False
    assert "[sources.enterprise_registry]" in merchant["why"]
    assert plugins["bots.personal_account"]["bots"] == [
        {"name": "personal_account", "served": True}
    ]
