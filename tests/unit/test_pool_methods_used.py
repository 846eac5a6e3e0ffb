"""Every operation of the TaskPool contract is used by the product, not only by bench/ or tests/.

A pool method that only the benchmark calls measures a path no worker takes; one that only
tests call is a contract nobody relies on. Either the dispatcher, a worker, the CLI or the
library calls it, or it goes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from scheduler.pool.base import TaskPool

ROOT = Path(__file__).resolve().parents[2]
#: the product: what ships, minus the pool's own implementation (a method that only the pool
#: calls on itself is not used by anyone above it)
PRODUCT = ("bots", "robotlib", "scheduler")
IMPLEMENTATION = ROOT / "scheduler" / "pool"


def public_methods() -> list[str]:
    """The operations TaskPool defines itself (not those of ``Closable``)."""
    return sorted(
        name for name, value in vars(TaskPool).items() if callable(value) and name[0] != "_"
    )


def attributes_used(folders: tuple[str, ...], *, excluded: Path | None = None) -> set[str]:
    """Every ``x.name`` read in the Python files under ``folders``."""
    return {
        node.attr
        for path in python_files(folders, excluded)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
    }


def python_files(folders: tuple[str, ...], excluded: Path | None) -> Iterator[Path]:
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if excluded is None or not path.is_relative_to(excluded):
                yield path


def test_the_contract_has_the_operations_the_workers_use() -> None:
    # the scan below is only as good as this list: the dispatcher's two store paths are in it
    assert {"claim", "complete_and_claim", "complete_many_with", "heartbeat"} <= set(
        public_methods()
    )


def test_every_public_pool_method_is_used_by_the_product() -> None:
    used = attributes_used(PRODUCT, excluded=IMPLEMENTATION)

    unused = [name for name in public_methods() if name not in used]

    assert unused == [], (
        f"TaskPool methods used only by bench/ or tests/: {', '.join(unused)}; have the "
        "product use them or remove them (and measure what the workers use)"
    )


def test_the_scan_leaves_out_the_pools_own_calls() -> None:
    # ``_finish_and_claim`` is called only inside scheduler/pool: used there, not above it
    assert "_finish_and_claim" in attributes_used(("scheduler",))
    assert "_finish_and_claim" not in attributes_used(PRODUCT, excluded=IMPLEMENTATION)
