"""Real OCR of licence photos in both layouts, turned and covered: the parser is not tuned to
one renderer, and what a sticker hides is left out, never guessed."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from robotlib.checks.trusted_reading import CONFIDENCE_THRESHOLD
from robotlib.documents.reader import read_document
from robotlib.documents.reading import Side
from robotlib.documents.upload import read_upload
from robotlib.ocr.engine import OcrEngine
from robotlib.plugins.host import get_ocr_engine_factories
from robotlib.sandbox.cards.licence_card import LicenceLayout, render_licence
from robotlib.sandbox.people.companies import random_company
from robotlib.sandbox.photos.degrade import Level, degrade_photo, save_jpeg
from robotlib.sandbox.photos.licence_photos import LicenceJob, make_licence_photo
from robotlib.sandbox.scenarios.cases import Photo

pytestmark = pytest.mark.ocr


@pytest.fixture(scope="module")
def engine() -> OcrEngine:
    return get_ocr_engine_factories()["rapidocr"](1)


@pytest.mark.parametrize(("seed", "turns"), [(61, 0), (62, 1)])
def test_the_one_column_layout_is_read_without_telling_the_reader(
    engine: OcrEngine, tmp_path: Path, seed: int, turns: int
) -> None:
    rng = random.Random(seed)
    company = random_company(rng, dt.date(2026, 11, 1))
    page = render_licence(company, rng, LicenceLayout.ONE_COLUMN)
    photo = degrade_photo(page, rng, Level.PHONE).rotate(90 * turns, expand=True)
    path = tmp_path / "licence.jpg"
    save_jpeg(photo, path, quality=90)
    reading = read_document(engine, read_upload(path), name=str(path))
    assert reading.side is Side.LICENCE
    assert reading.fields == company.fields(), f"seed {seed}, turned {90 * turns} degrees"
    assert min(reading.confidence.values()) >= CONFIDENCE_THRESHOLD


@pytest.mark.parametrize("layout", list(LicenceLayout))
def test_a_covered_licence_leaves_the_code_and_name_out(
    engine: OcrEngine, tmp_path: Path, layout: LicenceLayout
) -> None:
    company = random_company(random.Random(7), dt.date(2026, 11, 1))
    path = tmp_path / "covered.jpg"
    make_licence_photo(LicenceJob(path, company, Photo.COVERED, "covered", layout))
    reading = read_document(engine, read_upload(path), Side.LICENCE)
    trusted = {k for k, c in reading.confidence.items() if c >= CONFIDENCE_THRESHOLD}
    assert "uscc" not in trusted, reading.fields
    assert "name" not in trusted, reading.fields
    assert reading.fields.get("legal_representative") == company.legal_representative
