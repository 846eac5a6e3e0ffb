from pathlib import Path

import pytest

from robotlib.config import CONFIG_ENV, Config, load_config
from robotlib.errors import ConfigError
from robotlib.model import Decision


def test_defaults_without_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.database_url == f"sqlite:///{tmp_path}/var/veribot.db"
    assert config.sources == {}


def test_relative_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    folder = tmp_path / "world"
    folder.mkdir()
    (folder / "veribot.toml").write_text(
        '[database]\nurl = "sqlite:///pool.db"\n'
        '[sources.blacklist]\ntype = "csv"\npath = "lists/blacklist.csv"\n'
        '[policy.levels]\nGREYLIST_HIT = "reject"\n',
        encoding="utf-8",
    )
    config = load_config(folder / "veribot.toml")
    assert config.database_url == f"sqlite:///{folder}/pool.db"
    assert config.resolve(config.sources["blacklist"].path or "") == folder / "lists/blacklist.csv"
    assert config.policy.decide(["GREYLIST_HIT"]) is Decision.REJECT


def test_environment_variable_selects_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "veribot.toml"
    path.write_text('[database]\nurl = "sqlite:////srv/pool.db"\n', encoding="utf-8")
    monkeypatch.setenv(CONFIG_ENV, str(path))
    assert load_config().database_url == "sqlite:////srv/pool.db"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[database\n", "cannot be read"),
        ('[databse]\nurl = "x"\n', "databse"),
        ('[sources.gov]\npath = "g.csv"\n', "sources.gov.type"),
        ('[policy.levels]\nGREYLIST_HIT = "maybe"\n', "policy.levels.GREYLIST_HIT"),
    ],
)
def test_invalid_files_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "veribot.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml")


def test_the_sources_table_holds_the_outage_budget_beside_the_sources(tmp_path: Path) -> None:
    path = tmp_path / "veribot.toml"
    path.write_text(
        '[sources]\noutage_budget = 60\n[sources.blacklist]\ntype = "csv"\npath = "b.csv"\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.source_outages.outage_budget == 60
    assert list(config.sources) == ["blacklist"]
    assert Config().source_outages.outage_budget == 3600


def test_an_outage_budget_that_is_not_positive_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "veribot.toml"
    path.write_text("[sources]\noutage_budget = 0\n", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"sources\.outage_budget: Input should be greater than 0"
    ):
        load_config(path)
