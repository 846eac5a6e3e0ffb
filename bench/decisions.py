"""Decisions on a world of mixed photo quality: agreement and review rate per level (a script).

Plans a sandbox world (``veribot sandbox world``), photographs each applicant's card at a
level drawn for that applicant (``scan`` / ``phone`` / ``hard``, shares from ``--mix``),
verifies it with real worker processes as ``veribot demo`` does, and reports for each level:
applicants, agreement with expected.jsonl, false approvals, wrong rejects (reject where
approve or review was expected), the review rate, OCR_UNREADABLE among them, and which
fields were not read (from the results' details)::

    .venv/bin/python bench/decisions.py --people 150 --mix scan=0.3,phone=0.45,hard=0.25

``--renderer alt`` draws the cards with the second, independent renderer
(``robotlib.sandbox.cards.alt``: other faces, layout and lighting) from the same world's
fields, so that decisions are measured on cards the reader was not built on.
The world stays in ``--out`` (default var/decisions) to look at with ``veribot show REF``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import re
import shutil
import time
from collections import Counter
from pathlib import Path

from robotlib.cli.demo_cmd import verify_world
from robotlib.demo.agreement import Expected, read_expected
from robotlib.model import Decision, ReasonCode, ResultRecord
from robotlib.sandbox.photos.degrade import Level
from robotlib.sandbox.photos.render import CARD_RENDERERS, PhotoJob, render_photos
from robotlib.sandbox.world import plan_world

_UNREAD = re.compile(r"(front|back|licence): ([a-z_, ]+) not read with confidence")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mix", default="scan=0.3,phone=0.45,hard=0.25", help="level=share,...")
    parser.add_argument(
        "--renderer",
        choices=sorted(CARD_RENDERERS),
        default="first",
        help="first: the sandbox's card renderer (default); alt: the second, independent one "
        "(robotlib.sandbox.cards.alt), which the reader was not built on",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("var/decisions"))
    args = parser.parse_args()
    mix = {Level(k): float(v) for k, v in (item.split("=") for item in args.mix.split(","))}
    started = time.monotonic()
    levels = make_world(args.out, args.people, args.seed, mix, args.renderer)
    outcome = verify_world(args.out, args.workers)
    expected = read_expected(args.out / "expected.jsonl")
    print(
        f"{args.people} applicants, seed {args.seed}, mix {args.mix}, "
        f"renderer {args.renderer}: "
        f"{time.monotonic() - started:.0f} s on this machine"
    )
    print(report(levels, expected, outcome.results))


def make_world(
    out: Path, people: int, seed: int, mix: dict[Level, float], renderer: str = "first"
) -> dict[str, Level]:
    """Write the world's files into ``out`` with every card photo at its applicant's level,
    its card drawn by ``renderer`` (``photos.CARD_RENDERERS``)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    plan = plan_world(people, seed, dt.date.today())
    plan.write(out)
    (out / "images").mkdir()
    rng = random.Random(f"{seed}:quality")
    levels = {
        ref: rng.choices(list(mix), weights=list(mix.values()))[0] for ref in sorted(plan.cases)
    }
    jobs = [
        dataclasses.replace(job, level=levels[job.path.name.rsplit("-", 1)[0]], renderer=renderer)
        for job in plan.photo_jobs(out)
        if isinstance(job, PhotoJob)
    ]
    render_photos(jobs)
    return levels


def report(
    levels: dict[str, Level], expected: dict[str, Expected], results: list[ResultRecord]
) -> str:
    """A Markdown table, one row per level, and the fields not read per level."""
    lines = [
        "| photos | applicants | agree | false approvals | wrong rejects | review | "
        "OCR_UNREADABLE | review when approve expected |",
        "|---|---|---|---|---|---|---|---|",
    ]
    unread: dict[Level, Counter[str]] = {}
    by_ref = {r.ref: r for r in results}
    for level in Level:
        refs = [ref for ref, lv in levels.items() if lv is level and ref in by_ref]
        if not refs:
            continue
        got = {ref: by_ref[ref] for ref in refs}
        want = {ref: expected[ref].decision for ref in refs}
        agree = sum(got[r].decision is want[r] for r in refs)
        false_approvals = sum(
            got[r].decision is Decision.APPROVE and want[r] is not Decision.APPROVE for r in refs
        )
        wrong_rejects = sum(
            got[r].decision is Decision.REJECT and want[r] is not Decision.REJECT for r in refs
        )
        review = sum(got[r].decision is Decision.REVIEW for r in refs)
        ocr = [r for r in refs if ReasonCode.OCR_UNREADABLE in got[r].reasons]
        genuine_to_review = sum(
            got[r].decision is Decision.REVIEW and want[r] is Decision.APPROVE for r in refs
        )
        genuine = sum(want[r] is Decision.APPROVE for r in refs)
        n = len(refs)
        lines.append(
            f"| {level} | {n} | {agree / n:.1%} | {false_approvals} | {wrong_rejects} "
            f"| {review / n:.1%} | {len(ocr)} | {genuine_to_review} of {genuine} |"
        )
        unread[level] = Counter(
            f"{side}: {name.strip()}"
            for r in ocr
            for side, names in _UNREAD.findall(got[r].details.get(ReasonCode.OCR_UNREADABLE, ""))
            for name in names.split(",")
        )
    lines.append("")
    for level, counts in unread.items():
        fields = ", ".join(f"{name} {count}" for name, count in counts.most_common()) or "none"
        lines.append(f"- fields not read, {level}: {fields}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
