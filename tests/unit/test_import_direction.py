"""Dependencies point one way (docs/architecture.md): the robotlib core never imports bots or
scheduler, bots never import scheduler, scheduler never imports a bot. Imports are read from
the AST, so one inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: the faces on top, which may use everything (docs/architecture.md, "Layers")
FACES = ("robotlib/cli/", "robotlib/library/", "robotlib/web/", "robotlib/testing.py")
#: what each layer must not import, by the folder of its modules
FORBIDDEN = {"robotlib": ("bots", "scheduler"), "bots": ("scheduler",), "scheduler": ("bots",)}


def imported_packages(path: Path) -> set[str]:
    """The top-level packages ``path`` imports (absolute imports only: a relative one stays
    in its own package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def layer_modules(layer: str) -> list[Path]:
    modules = sorted((REPO / layer).rglob("*.py"))
    return [m for m in modules if not m.relative_to(REPO).as_posix().startswith(FACES)]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_imports_point_down(layer: str) -> None:
    modules = layer_modules(layer)
    assert len(modules) > 5, f"{layer}/ has no modules to check: the scan is broken"
    wrong = {
        module.relative_to(REPO).as_posix(): sorted(imported_packages(module) & set(forbidden))
        for module in modules
        for forbidden in [FORBIDDEN[layer]]
        if imported_packages(module) & set(forbidden)
    }
    assert wrong == {}, f"{layer}/ must not import {', '.join(FORBIDDEN[layer])}: {wrong}"


def test_the_scan_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "import os\n\ndef f():\n    from scheduler.pool import SqlitePool\n    import bots.x\n",
        encoding="utf-8",
    )
    assert imported_packages(module) == {"os", "scheduler", "bots"}


def test_the_faces_are_left_out_and_nothing_else() -> None:
    left_out = {
        m.relative_to(REPO).as_posix()
        for m in (REPO / "robotlib").rglob("*.py")
        if m not in layer_modules("robotlib")
    }
    assert "robotlib/cli/app.py" in left_out
    assert "robotlib/testing.py" in left_out
    assert all(path.startswith(FACES) for path in left_out), left_out
