"""Everything above the pool types against ``TaskPool``: no module outside
``scheduler/pool`` and ``scheduler/db`` names a backend class or a backend's module, and no
module outside ``scheduler/db`` talks to a database driver."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: the packages of the product (tests and bench may build backends directly)
PRODUCT = ("bots", "robotlib", "scheduler")
BACKEND_NAMES = {"SqlPool", "SqlitePool", "PostgresPool"}
BACKEND_MODULES = {"scheduler.pool.sql", "scheduler.pool.sqlite", "scheduler.pool.postgres"}
DRIVERS = {"sqlite3", "psycopg"}


def modules(*skipping: str) -> Iterator[Path]:
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith(skipping):
                yield path


def imports(path: Path) -> Iterator[tuple[str, str | None]]:
    """``(module, name)`` of each import in ``path``; name None for ``import module``."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            yield from ((node.module, alias.name) for alias in node.names)


def test_only_the_pool_package_names_its_backends() -> None:
    offending = [
        f"{path.relative_to(ROOT)}: {module}.{name}"
        for path in modules("scheduler/pool/", "scheduler/db/")
        for module, name in imports(path)
        if module in BACKEND_MODULES or name in BACKEND_NAMES
    ]

    assert offending == [], "type against scheduler.pool.TaskPool; open pools with open_pool"


def test_only_the_database_package_and_the_pool_backends_use_a_driver() -> None:
    # the pool's PostgreSQL backend listens for NOTIFY and maps a unique violation
    allowed = ("scheduler/db/", "scheduler/pool/postgres")
    offending = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in modules(*allowed)
        for module, _ in imports(path)
        if module.split(".")[0] in DRIVERS
    ]

    assert offending == [], "run named queries through scheduler.db"


@pytest.mark.parametrize("name", sorted(BACKEND_NAMES))
def test_the_check_would_catch_a_backend_import(name: str, tmp_path: Path) -> None:
    module = tmp_path / "caller.py"
    module.write_text(f"from scheduler.pool import {name}\n")

    assert ("scheduler.pool", name) in list(imports(module))
