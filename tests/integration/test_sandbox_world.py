"""The synthetic world on disk: deterministic, loadable, and its expected.jsonl is right.

``expected.jsonl`` is checked by an oracle that applies the bot's rules to the truth (the card
as printed, the files as written) through the real CSV sources and validators, so a scenario
that accidentally trips a second rule fails here, without OCR.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from pydantic import BaseModel
from stdnum.cn import ric
from typer.testing import CliRunner

from bots.personal_account.bot import PersonalAccountBot, check_fields
from robotlib.bot import BotContext, BotOutcome
from robotlib.cli.app import app
from robotlib.config import load_config
from robotlib.datasets.registries import GOV_IDENTITY, SOCIAL_SECURITY, TELECOM
from robotlib.model import Applicant, Application
from robotlib.model.policy import DecisionPolicy
from robotlib.model.reasons import ReasonCode
from robotlib.sandbox.photos.render import make_photo
from robotlib.sandbox.registries.datasets import FILES
from robotlib.sandbox.scenarios.cases import Case, Photo
from robotlib.sandbox.scenarios.personal import SPECIAL_ORDER, Scenario
from robotlib.sandbox.world import WorldError, generate_world, plan_world
from robotlib.sources.base import Source
from robotlib.sources.csv_sources import (
    CsvScreening,
    open_csv,
)
from robotlib.sources.csv_table import read_rows
from robotlib.sources.names import name_keys
from robotlib.sources.records import (
    GovIdentityRecord,
    ListEntry,
    ListLevel,
    SocialSecurityRecord,
    TelecomRecord,
)

R = ReasonCode
TODAY = dt.date(2026, 11, 24)
#: the rendered world: 20 applicants still get every kind of photo (absent, broken, covered)
PEOPLE, SEED = 20, 11
MODELS: dict[str, type[BaseModel]] = {
    "gov_identity.csv": GovIdentityRecord,
    "social_security.csv": SocialSecurityRecord,
    "blacklist.csv": ListEntry,
    "telecom.csv": TelecomRecord,
}
TEXT_FILES = (*FILES, "applications.jsonl", "expected.jsonl", "veribot.toml")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small world with its photos (rendered in two processes)."""
    out = tmp_path_factory.mktemp("world")
    generate_world(PEOPLE, SEED, out, today=TODAY, workers=2)
    return out


def _texts(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in TEXT_FILES}


def test_same_seed_same_bytes_other_seed_other_world(tmp_path: Path) -> None:
    plans = {}
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        plan = plan_world(40, seed, TODAY, merchants=10)
        (tmp_path / name).mkdir()
        plan.write(tmp_path / name)
        plans[name] = _texts(tmp_path / name)
    assert plans["a"] == plans["b"]
    for file_name in TEXT_FILES[:-1]:
        assert plans["a"][file_name] != plans["c"][file_name], file_name


def test_every_scenario_appears_at_100_and_mix_is_mostly_clean() -> None:
    counts = Counter(case.scenario for case in plan_world(100, 3, TODAY).cases.values())
    missing = set(Scenario) - set(counts)
    assert not missing, f"scenarios missing at N=100: {sorted(missing)}"
    assert counts[Scenario.CLEAN] + counts[Scenario.DECOY] == 70
    assert sum(counts[s] for s in SPECIAL_ORDER) == 30


def test_registry_files_load_with_the_record_models(world: Path) -> None:
    for file_name, model in MODELS.items():
        header = (world / file_name).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == list(FILES[file_name][0]), file_name
        rows, errors = read_rows(world / file_name, model)
        assert not errors, f"{file_name}: {[str(e) for e in errors[:3]]}"
        assert rows, file_name


def test_registries_are_bigger_than_the_queue(world: Path) -> None:
    gov, _ = read_rows(world / "gov_identity.csv", GovIdentityRecord)
    entries, _ = read_rows(world / "blacklist.csv", ListEntry)
    assert len(gov) >= 2.5 * PEOPLE
    assert {e.level for e in entries} == {ListLevel.BLACK, ListLevel.GREY}
    name_only = [e for e in entries if e.id_number is None]
    assert any(e.name.isascii() for e in name_only), "no pinyin-written name-only entry"
    assert any(not e.name.isascii() for e in name_only), "no Han-written name-only entry"


def test_applications_parse_and_point_at_jpegs(world: Path) -> None:
    lines = (world / "applications.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == PEOPLE
    for line in lines:
        application = Application.model_validate_json(line)
        assert "priority" not in json.loads(line)
        for path in (application.documents.id_front, application.documents.id_back):
            if path is None:
                continue
            assert not path.is_absolute(), path
            assert path.parts[0] == "images", path
            assert (world / path).is_file(), path
    with Image.open(
        world / "images" / f"{Application.model_validate_json(lines[0]).ref}-front.jpg"
    ) as image:
        assert image.format == "JPEG"


def test_photos_are_jpegs_except_the_broken_ones(world: Path) -> None:
    plan = plan_world(PEOPLE, SEED, TODAY)
    kinds = {photo for case in plan.cases.values() for photo in (case.front, case.back)}
    assert kinds == set(Photo)
    for ref, case in plan.cases.items():
        for side, photo in (("front", case.front), ("back", case.back)):
            path = world / "images" / f"{ref}-{side}.jpg"
            if photo is Photo.ABSENT:
                assert not path.exists(), path
            elif photo in (Photo.TRUNCATED, Photo.NOISE):
                with (
                    pytest.raises(OSError, match=r"truncated|cannot identify image file"),
                    Image.open(path) as image,
                ):
                    image.load()
            else:
                with Image.open(path) as image:
                    assert image.format == "JPEG", path
                    image.load()


def test_parallel_rendering_gives_the_serial_bytes(world: Path, tmp_path: Path) -> None:
    jobs = plan_world(PEOPLE, SEED, TODAY).photo_jobs(tmp_path)
    (tmp_path / "images").mkdir()
    for job in jobs[:3]:
        make_photo(job)
        assert job.path.read_bytes() == (world / "images" / job.path.name).read_bytes(), job.path


def test_config_points_at_the_registries(world: Path) -> None:
    config = load_config(world / "veribot.toml")
    assert config.database_url == f"sqlite:///{world / 'veribot.db'}"
    for file_name in FILES:
        source = config.sources[file_name.removesuffix(".csv")]
        assert source.type == "csv"
        assert config.resolve(source.path or "") == world / file_name


def test_valid_numbers_validate_and_forged_ones_do_not() -> None:
    plan = plan_world(100, 8, TODAY)
    for case in plan.cases.values():
        number = case.card.id_number or ""
        forged = case.scenario is Scenario.NUMBER_FORGED
        assert ric.is_valid(number) is not forged, f"{case.scenario}: {number}"
    for record in plan.registries.gov:
        assert ric.is_valid(record.id_number), record.id_number


def test_decoys_share_a_name_with_a_name_only_entry_but_not_the_birth_date() -> None:
    plan = plan_world(100, 4, TODAY)
    name_only = [e for e in plan.registries.lists if e.id_number is None]
    decoys = [c for c in plan.cases.values() if c.scenario is Scenario.DECOY]
    assert decoys
    for case in decoys:
        born = dt.date.fromisoformat(case.card.birth_date or "")
        keys = name_keys(case.card.name or "")
        namesakes = [e for e in name_only if name_keys(e.name) & keys]
        assert namesakes, f"decoy {case.card.name} has no name-only namesake"
        assert all(e.birth_date != born for e in namesakes), case.card.name


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("days_later", [0, 30])
def test_expected_reasons_are_exactly_what_the_rules_give(
    tmp_path: Path, seed: int, days_later: int
) -> None:
    plan = plan_world(100, seed, TODAY)
    plan.write(tmp_path)
    ctx = bot_context(tmp_path)
    today = TODAY + dt.timedelta(days=days_later)
    policy = DecisionPolicy()
    for record, expected in zip(plan.applications, plan.expected, strict=True):
        case = plan.cases[record["ref"]]
        got = sorted(oracle(case, ctx, today))
        assert got == expected["reasons"], f"{record['ref']} {case.scenario}: {got}"
        assert expected["decision"] == policy.decide(got)


def test_clean_phones_are_unique_and_registered_to_the_applicant() -> None:
    plan = plan_world(100, 9, TODAY)
    phones = [case.phone for case in plan.cases.values()]
    assert len(phones) == len(set(phones))
    assert len({t.phone for t in plan.registries.telecom}) == len(plan.registries.telecom)


def test_cli_writes_the_world(tmp_path: Path) -> None:
    out = tmp_path / "w"
    result = CliRunner().invoke(
        app, ["sandbox", "world", "--people", "6", "--seed", "2", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "expected.jsonl").read_text(encoding="utf-8").count("\n") == 6
    assert any((out / "images").glob("*-front.jpg"))
    assert "6 applications" in result.output


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "file"
    out.write_text("x", encoding="utf-8")
    with pytest.raises(WorldError, match="not a folder"):
        generate_world(3, 1, out)
    result = CliRunner().invoke(app, ["sandbox", "world", "--people", "3", "--out", str(out)])
    assert result.exit_code != 0
    assert out.read_text(encoding="utf-8") == "x"


@pytest.mark.ocr
def test_covered_front_hides_name_and_number(tmp_path: Path) -> None:
    from robotlib.documents.idcard import read_card
    from robotlib.documents.image import load_image
    from robotlib.documents.reading import Side
    from robotlib.ocr.rapid import rapid_engine

    plan = plan_world(PEOPLE, SEED, TODAY)
    covered = [(ref, c) for ref, c in plan.cases.items() if c.front is Photo.COVERED]
    assert covered
    for ref, _case in covered:
        job = next(j for j in plan.photo_jobs(tmp_path) if j.front and ref in j.seed)
        job.path.parent.mkdir(parents=True, exist_ok=True)
        make_photo(job)
        reading = read_card(rapid_engine(1), load_image(job.path), Side.FRONT)
        assert "name" not in reading.fields, reading.fields
        assert "id_number" not in reading.fields, reading.fields


# --------------------------------------------------------------------------- the oracle


def bot_context(folder: Path) -> BotContext:
    sources: dict[str, Source] = {
        "gov_identity": open_csv(GOV_IDENTITY, folder / "gov_identity.csv"),
        "social_security": open_csv(SOCIAL_SECURITY, folder / "social_security.csv"),
        "blacklist": CsvScreening("blacklist", folder / "blacklist.csv"),
        "telecom": open_csv(TELECOM, folder / "telecom.csv"),
    }
    return BotContext(
        bot_name=PersonalAccountBot.name,
        scopes=PersonalAccountBot.scopes,
        sources=sources,
        ocr=None,
        ref="world-check",
    )


def oracle(case: Case, ctx: BotContext, today: dt.date) -> set[str]:
    """The reasons the bot gives when OCR reads exactly what is printed and visible.

    The photo faults are decided here; every check after reading is the bot's own code.
    """
    out = BotOutcome()
    card = {k: v for k, v in case.card.model_dump().items() if v is not None}
    back = ("issuing_authority", "valid_from", "valid_to")
    if case.front is Photo.COVERED:
        out.add(R.OCR_UNREADABLE)
        card = {k: v for k, v in card.items() if k not in ("name", "id_number")}
    if case.back is Photo.ABSENT:
        out.add(R.DOC_MISSING)
    elif case.back in (Photo.TRUNCATED, Photo.NOISE):
        out.add(R.DOC_INVALID)
    if case.back is not Photo.CARD:
        card = {k: v for k, v in card.items() if k not in back}
    applicant = Applicant(name=case.form_name, id_number=case.form_number, phone=case.phone)
    check_fields(card, applicant, ctx, out, today)
    return set(out.reasons)
