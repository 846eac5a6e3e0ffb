"""The synthetic world: applicants, registries, card photos and the answers the bot must give.

``generate_world`` writes one folder:

- ``gov_identity.csv``, ``social_security.csv``, ``blacklist.csv``, ``telecom.csv``,
  ``enterprise_registry.csv``: registries
- ``images/<ref>-front.jpg``, ``images/<ref>-back.jpg``: phone photos of the cards;
  ``images/<ref>-licence.jpg``: photos of merchants' business licences
- ``applications.jsonl``: what to submit
- ``expected.jsonl``: ``{"ref", "decision", "reasons"}``, what the bot must conclude
- ``veribot.toml``: a config that uses all of it

One seed gives byte-identical CSV and JSONL files on a given day (validity periods are placed
relative to today, far enough from it that a run some days later reaches the same verdicts),
and photos too (``robotlib.sandbox.photos.render``).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from robotlib.errors import VeribotError
from robotlib.model.policy import DecisionPolicy
from robotlib.sandbox.applications import (
    application_record,
    merchant_application_record,
    pick_branch,
)
from robotlib.sandbox.people.factory import PersonFactory
from robotlib.sandbox.photos.licence_photos import LicenceJob
from robotlib.sandbox.photos.render import (
    IMAGES,
    PhotoJob,
    ProgressCallback,
    photo_path,
    render_photos,
)
from robotlib.sandbox.registries.datasets import FILES, Registries
from robotlib.sandbox.registries.plugin_datasets import generated_datasets, write_generated_datasets
from robotlib.sandbox.registries.population import Population
from robotlib.sandbox.scenarios.cases import Case, Photo
from robotlib.sandbox.scenarios.merchant import merchant_mix
from robotlib.sandbox.scenarios.merchant_builder import BYSTANDER_COMPANIES, MerchantBuilder
from robotlib.sandbox.scenarios.merchant_cases import MerchantCase
from robotlib.sandbox.scenarios.personal import scenario_mix
from robotlib.sandbox.scenarios.personal_builder import ScenarioBuilder

APPLICATIONS = "applications.jsonl"
EXPECTED = "expected.jsonl"
CONFIG = "veribot.toml"
#: registry people per applicant: the real registry is much bigger than the queue
BYSTANDERS_PER_APPLICANT = 2


class WorldError(VeribotError):
    """The synthetic world cannot be generated."""


@dataclass(frozen=True)
class WorldSummary:
    """What ``generate_world`` wrote."""

    out: Path
    people: int
    seed: int
    merchants: int
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
    #: ref -> the case behind a merchant application
    merchant_cases: dict[str, MerchantCase] = field(default_factory=dict)

    def photo_jobs(self, out: Path) -> list[PhotoJob | LicenceJob]:
        """The image files the applications refer to, to be written under ``out``."""
        jobs: list[PhotoJob | LicenceJob] = []
        people = {**self.cases, **{ref: case.person for ref, case in self.merchant_cases.items()}}
        for ref, merchant in self.merchant_cases.items():
            if merchant.licence_photo is not Photo.ABSENT:
                jobs.append(
                    LicenceJob(
                        path=out / photo_path(ref, "licence"),
                        company=merchant.licence,
                        kind=merchant.licence_photo,
                        seed=f"{self.seed}:{ref}:licence",
                        layout=merchant.layout,
                    )
                )
        for ref, case in people.items():
            for side, photo in case.submitted():
                jobs.append(
                    PhotoJob(
                        path=out / photo_path(ref, side),
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
        rows |= write_generated_datasets(out, self.seed, self.today, self.registries)
        _write_jsonl(out / APPLICATIONS, self.applications)
        _write_jsonl(out / EXPECTED, self.expected)
        (out / CONFIG).write_text(config_text(), encoding="utf-8")
        rows[APPLICATIONS] = len(self.applications)
        rows[EXPECTED] = len(self.expected)
        return rows


def plan_world(
    people: int, seed: int, today: dt.date | None = None, merchants: int = 0
) -> WorldPlan:
    """Applicants, their scenarios and the registries around them (no files written).

    :param merchants: merchant applications to add after the personal ones (``kind``
        ``merchant_account``); without them the world is byte-for-byte what it was before
        merchants existed, but for the empty ``enterprise_registry.csv``.
    :raises WorldError: if ``people`` or ``merchants`` is negative, or both are zero.
    """
    if people < 0 or merchants < 0 or people + merchants < 1:
        raise WorldError(
            f"--people and --merchants must not be negative and not both zero, got "
            f"{people} and {merchants}"
        )
    today = today or dt.date.today()
    rng = random.Random(seed)
    registries = Registries()
    population = Population(PersonFactory(rng, today), registries, rng)
    builder = ScenarioBuilder(population)
    plan = WorldPlan(seed, today, [], [], {}, registries)
    numbering: Counter[str] = Counter()
    policy = DecisionPolicy()
    for scenario in scenario_mix(people, rng):
        case = builder.case(scenario)
        branch, prefix = pick_branch(rng)
        numbering[prefix] += 1
        ref = f"{prefix}-{numbering[prefix]:06d}"
        plan.applications.append(application_record(ref, branch, case, rng))
        reasons = list(scenario.expected)
        plan.expected.append(
            {"ref": ref, "decision": str(policy.decide(reasons)), "reasons": reasons}
        )
        plan.cases[ref] = case
    population.bystanders(BYSTANDERS_PER_APPLICANT * people)
    if merchants:
        _plan_merchants(plan, population, merchants, numbering)
    registries.shuffle(rng)
    return plan


def _plan_merchants(
    plan: WorldPlan, population: Population, merchants: int, numbering: Counter[str]
) -> None:
    """Merchant applications, their businesses and registry rows, added to ``plan``."""
    rng = population.rng
    builder = MerchantBuilder(population, plan.today)
    for scenario in merchant_mix(merchants, rng):
        case = builder.case(scenario)
        branch, prefix = pick_branch(rng)
        numbering[f"{prefix}M"] += 1
        ref = f"{prefix}M-{numbering[prefix + 'M']:06d}"
        plan.applications.append(merchant_application_record(ref, branch, case, rng))
        plan.expected.append(
            {"ref": ref, "decision": str(scenario.decision), "reasons": list(scenario.expected)}
        )
        plan.merchant_cases[ref] = case
    builder.bystanders(BYSTANDER_COMPANIES * merchants)


def generate_world(
    people: int,
    seed: int,
    out: Path,
    on_progress: ProgressCallback | None = None,
    *,
    today: dt.date | None = None,
    workers: int | None = None,
    photos: bool = True,
    merchants: int = 0,
) -> WorldSummary:
    """Generate ``people`` personal and ``merchants`` merchant applications and their world
    into the folder ``out``.

    Files of an earlier world in ``out`` are replaced (its ``images/`` folder is emptied).

    :param on_progress: called as ``on_progress(done, total)`` while the photos are rendered.
    :param today: the day validity periods are placed around (default: the real today).
    :param workers: rendering processes (default: up to 2, one per core).
    :param photos: render the card photos; without them (robots that check registries
        only) the applications still name their photo files, which are absent.
    :raises WorldError: if there is nothing to generate or ``out`` is not a usable folder.
    """
    started = time.monotonic()
    plan = plan_world(people, seed, today, merchants)
    out = Path(out)
    _prepare(out)
    rows = plan.write(out)
    jobs = plan.photo_jobs(out) if photos else []
    render_photos(jobs, on_progress, workers)
    return WorldSummary(
        out=out,
        people=people,
        seed=seed,
        merchants=merchants,
        today=plan.today,
        scenarios=dict(
            Counter(
                [case.scenario.value for case in plan.cases.values()]
                + [case.scenario.value for case in plan.merchant_cases.values()]
            )
        ),
        decisions=dict(Counter(e["decision"] for e in plan.expected)),
        rows=rows,
        images=len(jobs),
        seconds=time.monotonic() - started,
        cases={
            **{ref: case.scenario.value for ref, case in plan.cases.items()},
            **{ref: case.scenario.value for ref, case in plan.merchant_cases.items()},
        },
    )


def config_text() -> str:
    """``veribot.toml`` for the world: paths relative to the folder it is in."""
    lines = ["[database]", 'url = "sqlite:///veribot.db"', ""]
    generated = [f"{kind.name}.csv" for kind in generated_datasets()]
    for file_name in [*FILES, *generated]:
        name = file_name.removesuffix(".csv")
        lines += [f"[sources.{name}]", 'type = "csv"', f'path = "{file_name}"', ""]
    return "\n".join(lines)


def _prepare(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise WorldError(f"{out} exists and is not a folder; choose another --out")
    # photos of an earlier, larger world must not linger next to the new one
    shutil.rmtree(out / IMAGES, ignore_errors=True)
    try:
        (out / IMAGES).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorldError(f"cannot create {out / IMAGES}: {exc}") from None


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
