"""Intake of an employer's 5,000-row payroll file: read + validate, then submit (a script).

Generates a synthetic world of N applicants without photos, writes it as an employer's
Excel workbook and CSV (``robotlib.sandbox.payroll_inbox``) with a folder of photo files (hard links
to one real card photo, so the by-ref lookup touches N x 2 real files), then times, in one
process and per repetition: the JSONL reader on the same applications (the baseline), the
Excel reader, the CSV reader, and submitting the Excel file's records to a fresh SQLite pool.
Prints medians of wall and CPU time (this process's; on a shared machine the CPU time is the
steadier figure) and ratios of wall time against the JSONL baseline:

    .venv/bin/python bench/intake.py --rows 5000 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from PIL import Image

from robotlib.intake import IntakeReport, TableOptions, read_applications
from robotlib.plugins.host import get_bots
from robotlib.protection import KeyRing
from robotlib.sandbox.payroll_inbox import ImagesAs, InboxFormat, write_inbox
from robotlib.sandbox.world import generate_world
from scheduler.pool import SqlitePool
from scheduler.submission import submit_records

#: the benchmark's pools are thrown away after each repetition: a key ring for this run only
THROWAWAY_KEYS = KeyRing(
    keys={"kbench": os.urandom(32)}, active="kbench", lookup_key=os.urandom(32)
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--malformed", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        world = folder / "world"
        generate_world(args.rows, 7, world, photos=False)
        _link_photos(world)
        inbox = folder / "inbox"
        write_inbox(world, inbox, malformed=args.malformed, images_as=ImagesAs.FOLDER)
        write_inbox(
            world,
            inbox,
            file_format=InboxFormat.CSV,
            malformed=args.malformed,
            images_as=ImagesAs.FOLDER,
        )
        options = TableOptions(images=inbox / "payroll-images")
        runs: dict[str, list[float]] = {}
        cpus: dict[str, list[float]] = {}
        for repetition in range(args.repeat):
            _time(
                runs, cpus, "JSONL read + validate (baseline)", world / "applications.jsonl", None
            )
            report = _time(runs, cpus, "Excel read + validate", inbox / "payroll.xlsx", options)
            _time(runs, cpus, "CSV read + validate", inbox / "payroll.csv", options)
            pool_path = folder / f"pool-{repetition}.db"
            with SqlitePool(pool_path, keyring=THROWAWAY_KEYS) as pool:
                started, cpu = time.perf_counter(), time.process_time()
                submitted, _ = submit_records(pool, report.records, get_bots())
                runs.setdefault("submit to SQLite pool", []).append(time.perf_counter() - started)
                cpus.setdefault("submit to SQLite pool", []).append(time.process_time() - cpu)
        print(f"rows: {args.rows}, malformed rows: {args.malformed}, repetitions: {args.repeat}")
        print(
            f"good rows: {len(report.records)}, rows reported: {report.bad_lines}, "
            f"submitted: {len(submitted.submitted)}"
        )
        baseline = statistics.median(runs["JSONL read + validate (baseline)"])
        for name, seconds in runs.items():
            median = statistics.median(seconds)
            cpu_median = statistics.median(cpus[name])
            print(
                f"{name:<34} wall {median:6.2f} s ({args.rows / median:5.0f} rows/s, "
                f"x{median / baseline:4.2f} of baseline)  cpu {cpu_median:6.2f} s "
                f"({args.rows / cpu_median:5.0f} rows/s)"
            )


def _time(
    runs: dict[str, list[float]],
    cpus: dict[str, list[float]],
    name: str,
    path: Path,
    options: TableOptions | None,
) -> IntakeReport:
    started, cpu = time.perf_counter(), time.process_time()
    report = read_applications(path, options)
    runs.setdefault(name, []).append(time.perf_counter() - started)
    cpus.setdefault(name, []).append(time.process_time() - cpu)
    return report


def _link_photos(world: Path) -> None:
    """One real JPEG under every photo name the applications use."""
    images = world / "images"
    images.mkdir(exist_ok=True)
    original = images / "_card.jpg"
    Image.new("RGB", (856, 540), "white").save(original, quality=85)
    for line in (world / "applications.jsonl").read_text(encoding="utf-8").splitlines():
        for side in ("front", "back"):
            ref = line.split('"ref": "', 1)[1].split('"', 1)[0]
            target = images / f"{ref}-{side}.jpg"
            if not target.exists():
                os.link(original, target)


if __name__ == "__main__":
    main()
