"""Bots compose the core's checks toolkit (robotlib/checks/), never each other: no module of a
bot package imports another bot package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOT_PACKAGES = sorted(p.name for p in (ROOT / "bots").iterdir() if (p / "__init__.py").is_file())


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module ``path`` imports, at any depth of its code (relative imports resolved
    against its package below ``root``)."""
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_the_bots_folder_holds_both_built_in_bots() -> None:
    # the checks below would pass vacuously over an empty folder
    assert {"personal_account", "merchant_account"} <= set(BOT_PACKAGES)


@pytest.mark.parametrize("bot", BOT_PACKAGES)
def test_no_bot_package_imports_another(bot: str) -> None:
    others = {f"bots.{name}" for name in BOT_PACKAGES if name != bot}
    for path in sorted((ROOT / "bots" / bot).rglob("*.py")):
        crossing = {
            module
            for module in imported_modules(path)
            if any(module == other or module.startswith(f"{other}.") for other in others)
        }
        assert not crossing, f"{path.relative_to(ROOT)} imports {sorted(crossing)}"


def test_the_merchant_bot_imports_nothing_of_the_personal_bot() -> None:
    paths = sorted((ROOT / "bots" / "merchant_account").rglob("*.py"))
    assert paths
    for path in paths:
        assert not any(
            module.startswith("bots.personal_account") for module in imported_modules(path)
        ), path.relative_to(ROOT)


def test_imported_modules_sees_relative_and_nested_imports(tmp_path: Path) -> None:
    # the helper is what makes the checks above able to fail: it must see every form
    probe = tmp_path / "bots" / "merchant_account" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(
        "from ..personal_account import bot\n"
        "def f():\n    import bots.personal_account.registry_checks\n",
        encoding="utf-8",
    )
    found = imported_modules(probe, tmp_path)
    assert "bots.personal_account.bot" in found
    assert "bots.personal_account.registry_checks" in found
