"""Small batch inboxes for the inbox, archive and ``tasks.robot`` tests: a sandbox world with
stub photos instead of rendered cards, and ``tasks.robot`` run as cron runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from robotlib.sandbox.world import generate_world

REPO = Path(__file__).resolve().parents[2]


def stub_photo(ref: str) -> bytes:
    """The bytes of a stub photo of ``ref``: a JPEG's magic, then the ref (not decodable)."""
    return b"\xff\xd8 " + ref.encode()


def world_with_stub_photos(world: Path, people: int, seed: int) -> list[str]:
    """A sandbox world of ``people`` whose ``images/`` hold ``stub_photo`` front and back
    files (fast: no cards rendered); returns the refs."""
    generate_world(people, seed, world, photos=False)
    (world / "images").mkdir(exist_ok=True)
    refs = [json.loads(line)["ref"] for line in (world / "applications.jsonl").open()]
    for ref in refs:
        for side in ("front", "back"):
            (world / "images" / f"{ref}-{side}.jpg").write_bytes(stub_photo(ref))
    return refs


def run_tasks_robot(
    out: Path, variables: dict[str, str], *options: str, cwd: Path | None = None
) -> None:
    """Run this checkout's ``tasks.robot`` with ``out`` as its output dir; fail on its failure."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("VERIBOT_CONFIG", None)
    assignments = [
        arg for name, value in variables.items() for arg in ("--variable", f"{name}:{value}")
    ]
    completed = subprocess.run(
        [
            str(Path(sys.executable).with_name("robot")),
            "--rpa",
            *options,
            "--outputdir",
            str(out),
            *assignments,
            str(REPO / "tasks.robot"),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
