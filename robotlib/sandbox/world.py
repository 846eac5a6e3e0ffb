"""The synthetic world: applicants, registries, card photos and the answers the bot must give.

``generate_world`` writes one folder:

- ``gov_identity.csv``, ``social_security.csv``, ``blacklist.csv``, ``telecom.csv``: registries
- ``images/<ref>-front.jpg``, ``images/<ref>-back.jpg``: phone photos of the cards
- ``applications.jsonl``: what to submit
- ``expected.jsonl``: ``{"ref", "decision", "reasons"}``, what the bot must conclude
- ``veribot.toml``: a config that uses all of it

One seed gives byte-identical CSV and JSONL files on a given day (validity periods are placed
relative to today, far enough from it that a run some days later reaches the same verdicts).
Each photo has its own random stream, so rendering them in parallel changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import random
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from robotlib.errors import VeribotError
from robotlib.model.policy import DecisionPolicy
from robotlib.model.result import IdentityFields
from robotlib.sandbox.cards import ADDRESS_LEFT, ADDRESS_RIGHT, render_back, render_front
from robotlib.sandbox.degrade import degrade_photo, save_jpeg
from robotlib.sandbox.people import PersonFactory
from robotlib.sandbox.registries import FILES, Registries
from robotlib.sandbox.scenarios import Case, Photo, ScenarioBuilder, scenario_mix

ProgressCallback = Callable[[int, int], None]

IMAGES = "images"
APPLICATIONS = "applications.jsonl"
EXPECTED = "expected.jsonl"
CONFIG = "veribot.toml"
#: registry people per applicant: the real registry is much bigger than the queue
BYSTANDERS_PER_APPLICANT = 2

#: (branch, ref prefix, weight)
_BRANCHES = (
    ("shenzhen", "SZ", 4),
    ("guangzhou", "GZ", 2),
    ("shanghai", "SH", 2),
    ("beijing", "BJ", 1),
    ("chengdu", "CD", 1),
)
_CHANNELS = (("miniprogram", 45), ("counter", 25), ("api", 15), ("batch", 15))


class WorldError(VeribotError):
    """The synthetic world cannot be generated."""


@dataclass(frozen=True)
class WorldSummary:
    """What ``generate_world`` wrote."""

    out: Path
    people: int
    seed: int
    today: dt.date
    #: scenario -> applications
    scenarios: dict[str, int]
    #: decision -> applications, as expected.jsonl has them
    decisions: dict[str, int]
    #: file name -> data rows
    rows: dict[str, int]
    images: int
    seconds: float
    #: ref -> scenario, to explain a disagreement
    cases: dict[str, str] = field(repr=False)


@dataclass(frozen=True)
class PhotoJob:
    """One image file to produce; ``seed`` alone decides its pixels."""

    path: Path
    front: bool
    fields: IdentityFields
    kind: Photo
    seed: str


@dataclass
class WorldPlan:
    """Everything of a world but the photos, in memory."""

    seed: int
    today: dt.date
    #: contract application records, in submission order
    applications: list[dict[str, Any]]
    #: {"ref", "decision", "reasons"} per application
    expected: list[dict[str, Any]]
    #: ref -> the case behind the application
    cases: dict[str, Case]
    registries: Registries

    def photo_jobs(self, out: Path) -> list[PhotoJob]:
        """The image files the applications refer to, to be written under ``out``."""
        jobs = []
        for ref, case in self.cases.items():
            for side, photo in (("front", case.front), ("back", case.back)):
                if photo is not Photo.ABSENT:
                    jobs.append(
                        PhotoJob(
                            path=out / _photo_path(ref, side),
                            front=side == "front",
                            fields=case.card,
                            kind=photo,
                            seed=f"{self.seed}:{ref}:{side}",
                        )
                    )
        return jobs

    def write(self, out: Path) -> dict[str, int]:
        """Write the registries, the JSONL files and veribot.toml; returns rows per file."""
        rows = self.registries.write(out)
        _write_jsonl(out / APPLICATIONS, self.applications)
        _write_jsonl(out / EXPECTED, self.expected)
        (out / CONFIG).write_text(config_text(), encoding="utf-8")
        rows[APPLICATIONS] = len(self.applications)
        rows[EXPECTED] = len(self.expected)
        return rows


def plan_world(people: int, seed: int, today: dt.date | None = None) -> WorldPlan:
    """Applicants, their scenarios and the registries around them (no files written).

    :raises WorldError: if ``people`` is not positive.
    """
    if people < 1:
        raise WorldError(f"--people must be at least 1, got {people}")
    today = today or dt.date.today()
    rng = random.Random(seed)
    registries = Registries()
    builder = ScenarioBuilder(PersonFactory(rng, today), registries, rng)
    plan = WorldPlan(seed, today, [], [], {}, registries)
    numbering: Counter[str] = Counter()
    policy = DecisionPolicy()
    for scenario in scenario_mix(people, rng):
        case = builder.case(scenario)
        branch, prefix = _pick_branch(rng)
        numbering[prefix] += 1
        ref = f"{prefix}-{numbering[prefix]:06d}"
        plan.applications.append(_application(ref, branch, case, rng))
        reasons = list(scenario.expected)
        plan.expected.append(
            {"ref": ref, "decision": str(policy.decide(reasons)), "reasons": reasons}
        )
        plan.cases[ref] = case
    builder.bystanders(BYSTANDERS_PER_APPLICANT * people)
    _shuffle_registries(registries, rng)
    return plan


def generate_world(
    people: int,
    seed: int,
    out: Path,
    on_progress: ProgressCallback | None = None,
    *,
    today: dt.date | None = None,
    workers: int | None = None,
) -> WorldSummary:
    """Generate ``people`` applications and their world into the folder ``out``.

    Files of an earlier world in ``out`` are replaced (its ``images/`` folder is emptied).

    :param on_progress: called as ``on_progress(done, total)`` while the photos are rendered.
    :param today: the day validity periods are placed around (default: the real today).
    :param workers: rendering processes (default: up to 2, one per core).
    :raises WorldError: if ``people`` is not positive or ``out`` is not a usable folder.
    """
    started = time.monotonic()
    plan = plan_world(people, seed, today)
    out = Path(out)
    _prepare(out)
    rows = plan.write(out)
    jobs = plan.photo_jobs(out)
    render_photos(jobs, on_progress, workers)
    return WorldSummary(
        out=out,
        people=people,
        seed=seed,
        today=plan.today,
        scenarios=dict(Counter(case.scenario.value for case in plan.cases.values())),
        decisions=dict(Counter(e["decision"] for e in plan.expected)),
        rows=rows,
        images=len(jobs),
        seconds=time.monotonic() - started,
        cases={ref: case.scenario.value for ref, case in plan.cases.items()},
    )


def config_text() -> str:
    """``veribot.toml`` for the world: paths relative to the folder it is in."""
    lines = ["[database]", 'url = "sqlite:///veribot.db"', ""]
    for file_name in FILES:
        name = file_name.removesuffix(".csv")
        lines += [f"[sources.{name}]", 'type = "csv"', f'path = "{file_name}"', ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- records


def _prepare(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise WorldError(f"{out} exists and is not a folder; choose another --out")
    # photos of an earlier, larger world must not linger next to the new one
    shutil.rmtree(out / IMAGES, ignore_errors=True)
    try:
        (out / IMAGES).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorldError(f"cannot create {out / IMAGES}: {exc}") from None


def _pick_branch(rng: random.Random) -> tuple[str, str]:
    branch, prefix, _ = rng.choices(_BRANCHES, weights=[w for *_, w in _BRANCHES])[0]
    return branch, prefix


def _application(ref: str, branch: str, case: Case, rng: random.Random) -> dict[str, Any]:
    """The contract application record; priority is left to default from the channel."""
    channel = rng.choices([c for c, _ in _CHANNELS], weights=[w for _, w in _CHANNELS])[0]
    roll = rng.random()
    segment = "payroll" if channel == "batch" else "new_citizen" if roll < 0.15 else None
    wants_card = rng.random() < (0.6 if segment else 0.25)
    record: dict[str, Any] = {
        "ref": ref,
        "kind": "personal_account",
        "branch": branch,
        "channel": channel,
    }
    if segment:
        record["segment"] = segment
    record["products"] = ["debit_card", "social_security_card"] if wants_card else ["debit_card"]
    record["applicant"] = {
        "name": case.form_name,
        "id_number": case.form_number,
        "phone": case.phone,
    }
    documents = {}
    for side, photo in (("front", case.front), ("back", case.back)):
        if photo is not Photo.ABSENT:
            documents[f"id_{side}"] = _photo_path(ref, side)
    record["documents"] = documents
    return record


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _shuffle_registries(registries: Registries, rng: random.Random) -> None:
    """Registry order must not give away who applied: sort by key, shuffle the lists."""
    registries.gov.sort(key=lambda r: r.id_number)
    registries.social.sort(key=lambda r: r.id_number)
    registries.telecom.sort(key=lambda r: r.phone)
    rng.shuffle(registries.lists)


# --------------------------------------------------------------------------- photos


def _photo_path(ref: str, side: str) -> str:
    return f"{IMAGES}/{ref}-{side}.jpg"


def render_photos(
    jobs: list[PhotoJob], on_progress: ProgressCallback | None = None, workers: int | None = None
) -> None:
    """Produce every job's file, in ``workers`` processes when there is enough to do."""
    total = len(jobs)
    report = on_progress or (lambda done, total: None)
    workers = workers or min(2, os.cpu_count() or 1)
    if workers <= 1 or total < 8:
        for done, job in enumerate(jobs, start=1):
            make_photo(job)
            report(done, total)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_process_context()) as pool:
        futures = [pool.submit(make_photo, job) for job in jobs]
        for done, future in enumerate(as_completed(futures), start=1):
            future.result()
            report(done, total)


def _process_context() -> multiprocessing.context.BaseContext:
    # fork starts fastest and needs no importable __main__, but a child forked while another
    # thread runs (a progress bar's refresher) may inherit a held lock: then spawn
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def make_photo(job: PhotoJob) -> None:
    """Write the file of one card side: a phone photo, or the broken file the scenario wants."""
    rng = random.Random(job.seed)
    if job.kind is Photo.NOISE:
        job.path.write_bytes(rng.randbytes(rng.randint(20_000, 80_000)))
        return
    card = render_front(job.fields, rng) if job.front else render_back(job.fields, rng)
    if job.kind is Photo.COVERED:
        cover_name_and_number(card, rng)
    save_jpeg(degrade_photo(card, rng), job.path)
    if job.kind is Photo.TRUNCATED:
        data = job.path.read_bytes()
        job.path.write_bytes(data[: int(len(data) * rng.uniform(0.3, 0.6))])


def cover_name_and_number(card: Image.Image, rng: random.Random) -> None:
    """A paper sticker over the name and a thumb over the number (on the card's own layout)."""
    draw = ImageDraw.Draw(card)
    jitter = rng.randint(-4, 4)
    paper = rng.choice(((250, 228, 120), (244, 244, 238), (255, 205, 210)))
    name_box = (ADDRESS_LEFT - 22 + jitter, 50 + jitter, ADDRESS_RIGHT + 24, 128)
    draw.rounded_rectangle(name_box, radius=6, fill=paper)
    skin = rng.choice(((226, 176, 146), (205, 150, 120), (238, 198, 170)))
    shade = tuple(max(0, c - 24) for c in skin)
    draw.rounded_rectangle((230 + jitter, 420, card.width + 60, card.height + 120), 70, fill=shade)
    draw.rounded_rectangle((238 + jitter, 426, card.width + 60, card.height + 120), 66, fill=skin)
    nail = tuple(min(255, c + 22) for c in skin)
    draw.rounded_rectangle((262 + jitter, 446, 372 + jitter, 530), radius=36, fill=nail)
