"""The Makefile keeps what README.md promises: `make unit` is the fast loop, `make test` runs
every pytest test, and every `make` command the documents name exists."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
#: ``target: prerequisites`` at the start of a line (not ``VAR := value``)
RULE = re.compile(r"^([\w-]+):(?!=)[ \t]*([^\n]*)$", re.MULTILINE)
#: a make command as the documents write it: in backticks or on a line of a shell block
DOCUMENTED = re.compile(r"`make ([\w-]+)|^make ([\w-]+)", re.MULTILINE)


def rules() -> dict[str, tuple[list[str], list[str]]]:
    """Each Makefile target -> (its prerequisites, its recipe lines)."""
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    found: dict[str, tuple[list[str], list[str]]] = {}
    for match in RULE.finditer(text):
        recipe = []
        for line in text[match.end() + 1 :].split("\n"):
            if not line.startswith("\t"):
                break
            recipe.append(line.strip())
        found[match[1]] = (match[2].split(), recipe)
    return found


def pytest_arguments(recipe: list[str]) -> list[str] | None:
    """The arguments of the recipe's pytest command, None when it runs no pytest."""
    for line in recipe:
        # other lines may be shell continued with a backslash, which shlex refuses
        words = shlex.split(line) if "/pytest" in line else []
        if words and words[0].endswith("/pytest"):
            return words[1:]
    return None


def reached(target: str, table: dict[str, tuple[list[str], list[str]]]) -> list[str]:
    """``target`` and every target it depends on, depth first."""
    prerequisites = table.get(target, ([], []))[0]
    return [target, *(name for p in prerequisites for name in reached(p, table))]


def test_make_test_runs_every_pytest_test() -> None:
    table = rules()
    runs = [pytest_arguments(table[name][1]) for name in reached("test", table) if name in table]
    whole = [arguments for arguments in runs if arguments is not None]
    # no path, no -m, no -k: pyproject's testpaths, every test collected
    assert ["-q"] in whole, whole
    testpaths = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]
    assert testpaths["ini_options"]["testpaths"] == ["tests"]


def test_make_unit_leaves_out_only_the_tests_marked_slow() -> None:
    arguments = pytest_arguments(rules()["unit"][1])
    assert arguments == ["-q", "tests/unit", "-m", "not slow"], arguments
    markers = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]
    assert any(m.startswith("slow:") for m in markers["ini_options"]["markers"]), markers


def test_every_documented_make_command_is_a_target() -> None:
    targets = set(rules())
    named = {
        (document.name, first or second)
        for document in DOCUMENTS
        for first, second in DOCUMENTED.findall(document.read_text(encoding="utf-8"))
    }
    assert {"unit", "test"} <= {target for _, target in named}, named
    missing = sorted((where, target) for where, target in named if target not in targets)
    assert missing == [], missing
