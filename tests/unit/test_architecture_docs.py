"""docs/architecture.md's "Where do I add…" table points at examples that exist, live in the
tests (so they touch no core file) and implement what the row names."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "architecture.md"
#: a backticked tests/ path, then the name it implements in parentheses: `path` (`name`)
EXAMPLE = re.compile(r"`(tests/[\w/]+\.py)` \(`(@?\w+)`\)")
ROWS = ("a bot", "a check", "a dataset kind", "a document type", "an OCR engine", "a keyword",
        "a CLI command")  # fmt: skip


def table_rows() -> dict[str, str]:
    """The table's rows: what to add -> the rest of the row."""
    section = DOC.read_text(encoding="utf-8").split("## Where do I add…", 1)[1]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 3 and not cells[0].startswith("to add"):
            rows[cells[0]] = cells[2]
    return rows


def test_every_kind_of_extension_has_a_row() -> None:
    assert set(ROWS) <= set(table_rows())


def test_each_example_exists_in_the_tests_and_implements_its_row() -> None:
    for what, example in table_rows().items():
        found = EXAMPLE.findall(example)
        assert found, f"row {what!r} names no example as `tests/...py` (`name`): {example!r}"
        for path, name in found:
            source = (REPO / path).read_text(encoding="utf-8")
            pattern = rf"^\s*{name}\b" if name.startswith("@") else rf"\bdef {name}\("
            assert re.search(pattern, source, re.MULTILINE), f"{path} has no {name} ({what})"


def test_the_doc_says_which_way_imports_point() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "The core never imports bots or scheduler" in text.replace("**", "")
    assert (REPO / "tests/unit/test_import_direction.py").is_file()
