"""A refused document says why (issue 16), and never names the file it was uploaded as: the
path of an upload is often a temporary file named after the applicant or the case."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest
from loguru import logger

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.id_card_reading import REQUIRED_FIELDS
from robotlib.checks.trusted_reading import read_trusted
from robotlib.documents.reading import CardReading, Side
from robotlib.sandbox.cards.id_card import render_front
from robotlib.sandbox.people.factory import PersonFactory


def never_read(image: np.ndarray) -> CardReading:
    raise AssertionError("a refused document must not reach OCR")


def refuse(path: Path) -> tuple[BotOutcome, list[str]]:
    ctx = BotContext(bot_name="t", scopes=frozenset(), sources={}, ocr=None, ref="T-1")
    out = BotOutcome()
    messages: list[str] = []
    sink = logger.add(lambda message: messages.append(str(message)), level="DEBUG")
    try:
        assert (
            read_trusted(path, Side.FRONT, never_read, REQUIRED_FIELDS[Side.FRONT], ctx, out) == {}
        )
    finally:
        logger.remove(sink)
    return out, messages


@pytest.fixture
def upload_folder(tmp_path: Path) -> Path:
    """Where an upload lands, named the way careless code names it."""
    folder = tmp_path / "upload-440305199003071236-张伟"
    folder.mkdir()
    return folder


def test_a_truncated_photo_says_which_side_and_why_without_its_path(upload_folder: Path) -> None:
    rng = random.Random(5)
    person = PersonFactory(rng=rng, today=dt.date(2026, 11, 1)).person()
    whole = upload_folder / "whole.jpg"
    render_front(person.card_fields(), rng).convert("RGB").save(whole, quality=90)
    cut = upload_folder / "front.jpg"
    cut.write_bytes(whole.read_bytes()[:4000])

    out, messages = refuse(cut)

    assert out.reasons == ["DOC_INVALID"]
    why = out.details["DOC_INVALID"]
    assert why.startswith("front: image is truncated or corrupt"), why
    for text in (why, *messages):
        assert str(upload_folder) not in text, text
        assert "440305199003071236" not in text, text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "front: file is empty"),
        (b"not an image at all" * 40, "front: not a JPEG, PNG or WebP image, nor a PDF"),
    ],
)
def test_each_refusal_is_worded_for_an_operator(
    upload_folder: Path, content: bytes, reason: str
) -> None:
    path = upload_folder / "front.jpg"
    path.write_bytes(content)
    out, _ = refuse(path)
    assert out.details == {"DOC_INVALID": reason}, content[:20]
