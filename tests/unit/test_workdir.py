"""Where the pool's private work folder is: beside a SQLite database, else beside the key file."""

from __future__ import annotations

import stat
from pathlib import Path

from robotlib.config import Config, DatabaseConfig, SecurityConfig
from robotlib.workdir import data_dir, private_work_dir


def test_a_sqlite_pool_keeps_its_work_folder_beside_its_database(tmp_path: Path) -> None:
    config = Config(base_dir=tmp_path, database=DatabaseConfig(url="sqlite:///data/pool.db"))

    work = private_work_dir(config)

    assert data_dir(config) == tmp_path / "data"
    assert work == tmp_path / "data/work"
    assert stat.S_IMODE(work.stat().st_mode) == 0o700


def test_a_postgres_pool_uses_the_key_files_folder(tmp_path: Path) -> None:
    config = Config(
        base_dir=tmp_path,
        database=DatabaseConfig(url="postgresql://veribot@127.0.0.1/veribot"),
        security=SecurityConfig(key_file=Path("keys/veribot.key")),
    )

    assert data_dir(config) == tmp_path / "keys"
