"""``tasks.robot`` on a tiny inbox of its own (two applicants, a zip and a shared photo folder)
leaves nothing behind: the inputs are in ``processed/``, no unpacked photos remain, and every
file it writes is in Robot Framework's output dir (or is the pool's)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from robotlib.sandbox.inbox import ImagesAs, write_inbox
from robotlib.sandbox.world import generate_world

REPO = Path(__file__).resolve().parents[2]


def tree(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """The task ran in ``root``/cwd with ``root``/out as its output dir; what ``root`` held
    before it ran."""
    root = tmp_path_factory.mktemp("tiny")
    world = root / "world"
    generate_world(2, 5, world, photos=False)
    (world / "images").mkdir(exist_ok=True)
    for line in (world / "applications.jsonl").read_text(encoding="utf-8").splitlines():
        ref = json.loads(line)["ref"]
        for side in ("front", "back"):
            (world / "images" / f"{ref}-{side}.jpg").write_bytes(b"\xff\xd8 not a real photo")
    inbox = root / "inbox"
    write_inbox(world, inbox, images_as=ImagesAs.ZIP)
    # a second file without photos of its own takes the inbox's shared folder
    (inbox / "images").mkdir()
    (inbox / "images/unused.jpg").write_bytes(b"\xff\xd8")
    (inbox / "late.csv").write_text("姓名,身份证号码\n", encoding="utf-8")
    (root / "cwd").mkdir()
    before = tree(root)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("VERIBOT_CONFIG", None)
    completed = subprocess.run(
        [
            str(Path(sys.executable).with_name("robot")),
            "--rpa",
            "--outputdir",
            str(root / "out"),
            "--variable",
            f"INBOX:{inbox}",
            "--variable",
            f"CONFIG:{world / 'veribot.toml'}",
            "--variable",
            "WORKERS:1",
            str(REPO / "tasks.robot"),
        ],
        cwd=root / "cwd",
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
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
