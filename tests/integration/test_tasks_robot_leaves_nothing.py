"""``tasks.robot`` on a tiny inbox of its own (two applicants, a zip and a shared photo folder)
leaves nothing behind: the inputs are in ``processed/``, no unpacked photos remain, and every
file it writes is in Robot Framework's output dir (or is the pool's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from robotlib.sandbox.payroll_inbox import ImagesAs, write_inbox
from tests.helpers.batch_inbox import run_tasks_robot, world_with_stub_photos


def tree(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """The task ran in ``root``/cwd with ``root``/out as its output dir; what ``root`` held
    before it ran."""
    root = tmp_path_factory.mktemp("tiny")
    world = root / "world"
    world_with_stub_photos(world, 2, 5)
    inbox = root / "inbox"
    write_inbox(world, inbox, images_as=ImagesAs.ZIP)
    # a second file without photos of its own takes the inbox's shared folder
    (inbox / "images").mkdir()
    (inbox / "images/unused.jpg").write_bytes(b"\xff\xd8")
    (inbox / "late.csv").write_text("姓名,身份证号码\n", encoding="utf-8")
    (root / "cwd").mkdir()
    before = tree(root)
    variables = {"INBOX": str(inbox), "CONFIG": str(world / "veribot.toml"), "WORKERS": "1"}
    run_tasks_robot(root / "out", variables, cwd=root / "cwd")
    return root, before


def test_processed_holds_every_input_and_the_inbox_nothing_else(
    run: tuple[Path, set[str]],
) -> None:
    root, _ = run
    inbox = root / "inbox"
    assert [p.name for p in inbox.iterdir()] == ["processed"]
    (stamp,) = (inbox / "processed").iterdir()
    assert sorted(p.name for p in stamp.iterdir()) == [
        "images",
        "late.csv",
        "payroll-images.zip",
        "payroll.xlsx",
    ]


def test_no_unpacked_photos_or_work_folder_remain(run: tuple[Path, set[str]]) -> None:
    root, _ = run
    unpacked = [p for p in root.rglob("payroll-images*") if p.is_dir()]
    assert unpacked == [], f"unpacked photos left in {unpacked}"
    assert list((root / "world/work").iterdir()) == []


def test_nothing_is_written_outside_the_output_dir(run: tuple[Path, set[str]]) -> None:
    root, before = run
    moved = {name for name in before if name.startswith("inbox/") and name != "inbox"}
    added = {
        name
        for name in tree(root) - before - {"world/work"}
        if not name.startswith(("out/", "inbox/processed"))
        and not name.startswith("world/veribot.db")
    }
    assert added == {"out"}, f"written outside the output dir: {sorted(added)}"
    assert not (before - moved) - tree(root), "an input that was not moved is gone"
    assert {"results.xlsx", "report.md", "payroll-validation.xlsx"} <= {
        p.name for p in (root / "out").iterdir()
    }
