"""Benchmarks share docs/benchmarks.md: each rewrites only its own section."""

from pathlib import Path

import pytest

from bench.docs_section import TITLE, write_section


def test_a_section_is_appended_then_replaced_in_place(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    write_section(doc, "pool", "## Pool\n\nold figures")
    write_section(doc, "ocr", "## OCR\n\nocr figures")

    write_section(doc, "pool", "## Pool\n\nnew figures")

    text = doc.read_text(encoding="utf-8")
    assert text.startswith(TITLE)
    assert "old figures" not in text
    assert text.index("new figures") < text.index("ocr figures")
    assert text.count("<!-- bench:pool:begin -->") == 1


def test_a_section_without_its_end_marker_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("<!-- bench:pool:begin -->\nhalf a section\n", encoding="utf-8")

    with pytest.raises(ValueError, match="has no <!-- bench:pool:end -->"):
        write_section(doc, "pool", "figures")
    assert doc.read_text(encoding="utf-8") == "<!-- bench:pool:begin -->\nhalf a section\n"
