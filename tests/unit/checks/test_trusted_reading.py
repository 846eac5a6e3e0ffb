"""Reading a document: a refused file and the confidence rule (the fuller cases: the
form-agreement and second-read tests in tests/unit)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.trusted_reading import CONFIDENCE_THRESHOLD, read_trusted
from robotlib.documents.reading import CardReading, Side
from robotlib.sandbox.cards.id_card import render_back
from robotlib.sandbox.people.factory import PersonFactory

REQUIRED = ("valid_from", "valid_to")


@pytest.fixture(scope="module")
def back_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(5)
    person = PersonFactory(rng=rng, today=dt.date(2026, 11, 1)).person()
    path = tmp_path_factory.mktemp("card") / "back.png"
    render_back(person.card_fields(), rng).save(path)
    return path


def read(path: Path, confidence: float) -> tuple[dict[str, str], BotOutcome]:
    reading = CardReading(side=Side.BACK)
    reading.fields = {"valid_from": "2020-05-01", "valid_to": "2040-05-01"}
    reading.confidence = dict.fromkeys(reading.fields, confidence)

    def parse(image: np.ndarray) -> CardReading:
        return reading

    ctx = BotContext(bot_name="t", scopes=frozenset(), sources={}, ocr=None, ref="T-1")
    out = BotOutcome()
    return read_trusted(path, Side.BACK, parse, REQUIRED, ctx, out), out


def test_fields_read_surely_are_kept(back_image: Path) -> None:
    fields, out = read(back_image, CONFIDENCE_THRESHOLD)
    assert fields == {"valid_from": "2020-05-01", "valid_to": "2040-05-01"}
    assert out.reasons == []


def test_unsure_required_fields_are_unread(back_image: Path) -> None:
    fields, out = read(back_image, CONFIDENCE_THRESHOLD - 0.01)
    assert fields == {}
    assert out.reasons == ["OCR_UNREADABLE"]
    assert "valid_from, valid_to" in out.details["OCR_UNREADABLE"]


def test_a_missing_file_is_missing_and_a_corrupt_one_invalid(tmp_path: Path) -> None:
    assert read(tmp_path / "absent.png", 1.0)[1].reasons == ["DOC_MISSING"]
    corrupt = tmp_path / "corrupt.png"
    corrupt.write_bytes(b"\x89PNG\r\n\x1a\nnot an image")
    fields, out = read(corrupt, 1.0)
    assert (fields, out.reasons) == ({}, ["DOC_INVALID"])
    assert str(tmp_path) not in out.details["DOC_INVALID"]
