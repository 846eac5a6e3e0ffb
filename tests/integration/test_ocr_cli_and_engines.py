"""``veribot ocr`` and the engines beyond RapidOCR, on real rendered photos."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from robotlib.checks.trusted_reading import CONFIDENCE_THRESHOLD
from robotlib.cli.app import app
from robotlib.cli.ocr_cmd import masked_fields
from robotlib.documents.idcard import read_card
from robotlib.documents.reader import read_document
from robotlib.documents.reading import Side
from robotlib.documents.upload import read_upload
from robotlib.errors import VeribotError
from robotlib.model.result import IdentityFields
from robotlib.plugins.host import get_ocr_engine_factories
from robotlib.sandbox.cards.id_card import render_back, render_front
from robotlib.sandbox.cards.licence_card import render_licence
from robotlib.sandbox.people.companies import random_company
from robotlib.sandbox.photos.degrade import Level, degrade_photo, save_jpeg
from robotlib.validation.uscc import check_uscc

pytestmark = pytest.mark.ocr

CARD = IdentityFields(
    name="欧阳喆",
    id_number="110101200311300026",
    sex="女",
    ethnicity="汉",
    birth_date="2003-11-30",
    address="北京市东城区景山前街4号",
    issuing_authority="北京市公安局东城分局",
    valid_from="2018-12-01",
    valid_to="2028-12-01",
)
FRONT = ("name", "sex", "ethnicity", "birth_date", "address", "id_number")
BACK = ("issuing_authority", "valid_from", "valid_to")


def photo(folder: Path, side: Side, level: Level, seed: int) -> Path:
    rng = random.Random(seed)
    render = render_front if side is Side.FRONT else render_back
    path = folder / f"{side}-{level}-{seed}.jpg"
    save_jpeg(degrade_photo(render(CARD, rng), rng, level), path, quality=90)
    return path


def test_ocr_json_prints_one_object_per_image_and_names_a_bad_file(tmp_path):
    front = photo(tmp_path, Side.FRONT, Level.PHONE, 3)
    back = photo(tmp_path, Side.BACK, Level.PHONE, 4)
    bad = tmp_path / "notes.jpg"
    bad.write_text("not an image", encoding="utf-8")
    result = CliRunner().invoke(app, ["ocr", "--json", str(front), str(bad), str(back)])
    assert result.exit_code == 1, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["image"] for line in lines] == [str(front), str(bad), str(back)]
    assert lines[0]["side"] == "front"
    assert lines[0]["fields"] == masked_fields(CARD.model_dump(include=set(FRONT)))
    assert set(lines[0]["confidence"]) == set(FRONT)
    assert all(0 <= c <= 1 for c in lines[0]["confidence"].values())
    assert isinstance(lines[0]["ms"], int)
    assert lines[0]["ms"] > 0
    assert lines[2]["side"] == "back"
    assert lines[2]["fields"] == CARD.model_dump(include=set(BACK))
    assert "not a JPEG, PNG or WebP image" in lines[1]["error"]
    assert f"{bad}: not a JPEG" in result.stderr


def test_ocr_table_masks_the_name_and_number(tmp_path):
    front = photo(tmp_path, Side.FRONT, Level.SCAN, 5)
    result = CliRunner().invoke(app, ["ocr", str(front)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "front" in result.stdout
    assert str(CARD.id_number) not in result.stdout
    assert str(CARD.name) not in result.stdout
    assert "景山前街" not in result.stdout
    assert "北京市东城区" in result.stdout


def test_ocr_unknown_engine_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(app, ["ocr", "--engine", "nope", str(tmp_path / "x.jpg")])
    assert result.exit_code == 1
    assert "unknown OCR engine" in result.stderr
    assert "rapidocr" in result.stderr


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_hard_photos_are_read_or_flagged_never_misread(tmp_path, seed):
    """Busy background, quarter turns, blur, low light, heavy JPEG: no confident wrong value."""
    engine = get_ocr_engine_factories()["rapidocr"](1)
    right = 0
    for side, names in ((Side.FRONT, FRONT), (Side.BACK, BACK)):
        reading = read_card(engine, read_upload(photo(tmp_path, side, Level.HARD, seed)), side)
        for name in names:
            truth = getattr(CARD, name)
            value = reading.fields.get(name)
            if reading.confidence.get(name, 0.0) >= CONFIDENCE_THRESHOLD:
                assert value == truth, f"seed {seed}: {name} read {value!r} confidently"
                right += 1
    assert right >= 6, f"seed {seed}: only {right} of 9 fields read"


def test_tesseract_really_reads_and_never_passes_a_misread(tmp_path):
    engine = get_ocr_engine_factories()["tesseract"](1)
    assert engine.name == "tesseract"
    found = 0
    for side, names in ((Side.FRONT, FRONT), (Side.BACK, BACK)):
        for turns in (0, 1):
            path = photo(tmp_path, side, Level.SCAN, 8)
            if turns:
                with __import__("PIL.Image").Image.open(path) as image:
                    image.rotate(90, expand=True).save(path)
            reading = read_card(engine, read_upload(path), side)
            for name in names:
                if name in reading.fields:
                    found += 1
                if reading.confidence.get(name, 0.0) >= CONFIDENCE_THRESHOLD:
                    assert reading.fields[name] == getattr(CARD, name), (side, turns, name)
    assert found >= 4, f"tesseract found only {found} fields in 4 images"


def test_tesseract_without_chi_sim_fails_at_start_naming_the_package(tmp_path):
    """A real tesseract pointed at an empty language folder: the start-up error says what to do."""
    code = (
        "from robotlib.ocr.tesseract import TesseractEngine\n"
        "try:\n    TesseractEngine(1)\n"
        "except Exception as exc:\n    print(type(exc).__name__, exc)\n"
    )
    env = {**os.environ, "TESSDATA_PREFIX": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "OcrUnavailable" in out.stdout, out.stdout + out.stderr
    assert "chi_sim" in out.stdout
    assert "tesseract-ocr-chi-sim" in out.stdout
    assert issubclass(__import__("robotlib.ocr.rapid").ocr.rapid.OcrUnavailable, VeribotError)


@pytest.mark.parametrize(("level", "turns"), [(Level.SCAN, 0), (Level.PHONE, 0), (Level.PHONE, 3)])
def test_a_business_licence_is_recognised_and_read(tmp_path, level, turns):
    rng = random.Random(40 + turns)
    company = random_company(rng, dt.date(2026, 11, 1))
    path = tmp_path / "licence.jpg"
    page = degrade_photo(render_licence(company, rng), rng, level).rotate(90 * turns, expand=True)
    save_jpeg(page, path, quality=90)
    engine = get_ocr_engine_factories()["rapidocr"](1)
    reading = read_document(engine, read_upload(path), name=str(path))
    assert reading.side is Side.LICENCE
    assert reading.fields == company.fields(), f"{level}, turned {90 * turns} degrees"
    assert min(reading.confidence.values()) >= CONFIDENCE_THRESHOLD
    assert check_uscc(reading.fields["uscc"]).valid
