"""Writing a ``veribot.toml`` with one source table, to test what loading it says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from robotlib.config import load_config
from robotlib.errors import ConfigError


def source_table(name: str, table: dict[str, Any]) -> str:
    """``[sources.NAME]`` as TOML (scalar values and one level of sub-tables)."""
    scalars = [f"{k} = {json.dumps(v)}" for k, v in table.items() if not isinstance(v, dict)]
    lines = [f"[sources.{name}]", *scalars]
    for key, sub in table.items():
        if isinstance(sub, dict):
            lines += [
                f"[sources.{name}.{key}]",
                *(f"{k} = {json.dumps(v)}" for k, v in sub.items()),
            ]
    return "\n".join(lines) + "\n"


def load_error(tmp_path: Path, name: str, table: dict[str, Any]) -> str:
    """The ``ConfigError`` message of loading a config with this source table."""
    path = tmp_path / "veribot.toml"
    path.write_text(source_table(name, table), encoding="utf-8")
    with pytest.raises(ConfigError) as failure:
        load_config(path)
    return str(failure.value)
