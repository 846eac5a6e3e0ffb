"""``veribot demo --out D`` replaces D only when an earlier demo made it: a folder holding
someone's files is never deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from robotlib.demo.folder import MARKER, DemoFolderError, fresh_demo_folder
from tests.helpers.cli_run import veribot


def test_demo_refuses_a_non_empty_folder_it_did_not_create(tmp_path: Path) -> None:
    precious = tmp_path / "work" / "thesis.txt"
    precious.parent.mkdir()
    precious.write_text("four years", encoding="utf-8")

    done = veribot("demo", "--out", str(precious.parent), "--people", "0")

    assert done.exit_code == 1
    assert f"--out {precious.parent} is a folder demo did not create" in done.stderr, done.stderr
    assert precious.read_text(encoding="utf-8") == "four years"


def test_a_folder_of_an_earlier_demo_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    fresh_demo_folder(out)
    (out / "old-results.jsonl").write_text("{}\n", encoding="utf-8")

    fresh_demo_folder(out)

    assert sorted(path.name for path in out.iterdir()) == [MARKER]


def test_a_file_is_not_a_demo_folder(tmp_path: Path) -> None:
    out = tmp_path / "notes.txt"
    out.write_text("keep", encoding="utf-8")
    with pytest.raises(DemoFolderError, match="is not a folder"):
        fresh_demo_folder(out)
    assert out.read_text(encoding="utf-8") == "keep"
