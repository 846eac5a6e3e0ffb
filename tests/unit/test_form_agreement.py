"""An unsure read counts only when it says exactly what the form says, and only above a floor.

The card image is a real rendered card (intake checks it); the reading is given, so each case
controls the confidence the rule sees.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest
from loguru import logger

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.id_card_reading import REQUIRED_FIELDS
from robotlib.checks.trusted_reading import CONFIDENCE_THRESHOLD, FORM_AGREEMENT_FLOOR, read_trusted
from robotlib.documents.reading import CardReading, Side
from robotlib.sandbox.cards.id_card import render_front
from robotlib.sandbox.people.factory import PersonFactory

NAME = "姚浩珺"
NUMBER = "11010519491231002X"
TYPED = {"name": NAME, "id_number": NUMBER}
SURE = {"id_number": NUMBER, "sex": "女", "birth_date": "1949-12-31"}
UNSURE = (FORM_AGREEMENT_FLOOR + CONFIDENCE_THRESHOLD) / 2


@pytest.fixture(scope="module")
def card_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(3)
    person = PersonFactory(rng=rng, today=dt.date(2026, 11, 1)).person()
    path = tmp_path_factory.mktemp("card") / "front.png"
    render_front(person.card_fields(), rng).save(path)
    return path


def read_with(
    card_image: Path, name: str, name_confidence: float, typed: dict[str, str] | None = TYPED
) -> tuple[dict[str, str], BotOutcome, list[str]]:
    reading = CardReading(side=Side.FRONT)
    reading.fields = {**SURE, "name": name}
    reading.confidence = {**dict.fromkeys(SURE, 0.99), "name": name_confidence}

    def read(image: np.ndarray) -> CardReading:
        assert image.ndim == 3  # the real intake ran
        return reading

    ctx = BotContext(bot_name="t", scopes=frozenset(), sources={}, ocr=None, ref="T-1")
    out = BotOutcome()
    messages: list[str] = []
    sink = logger.add(lambda message: messages.append(str(message)), level="INFO")
    try:
        fields = read_trusted(
            card_image, Side.FRONT, read, REQUIRED_FIELDS[Side.FRONT], ctx, out, typed
        )
    finally:
        logger.remove(sink)
    return fields, out, messages


def test_an_unsure_read_equal_to_the_form_counts(card_image: Path) -> None:
    fields, out, messages = read_with(card_image, NAME, UNSURE)
    assert fields["name"] == NAME
    assert out.reasons == []
    [line] = [m for m in messages if "as typed" in m]
    assert "name" in line
    assert NAME not in line


@pytest.mark.parametrize("read_as", ["姚浩君", "姚浩", "姚浩珺珺"])
def test_an_unsure_read_that_differs_from_the_form_is_unread(
    card_image: Path, read_as: str
) -> None:
    fields, out, _ = read_with(card_image, read_as, UNSURE)
    assert "name" not in fields
    assert out.reasons == ["OCR_UNREADABLE"]


def test_below_the_floor_even_the_typed_value_is_unread(card_image: Path) -> None:
    fields, out, _ = read_with(card_image, NAME, FORM_AGREEMENT_FLOOR - 0.01)
    assert "name" not in fields
    assert out.reasons == ["OCR_UNREADABLE"]


def test_without_a_form_an_unsure_read_is_unread(card_image: Path) -> None:
    fields, out, _ = read_with(card_image, NAME, UNSURE, typed=None)
    assert "name" not in fields
    assert out.reasons == ["OCR_UNREADABLE"]


def test_width_spacing_and_case_do_not_count_as_a_difference(card_image: Path) -> None:
    typed = {"name": "姚 浩珺", "id_number": NUMBER.lower()}
    fields, out, _ = read_with(card_image, NAME, UNSURE, typed=typed)
    assert fields["name"] == NAME
    assert out.reasons == []


def test_a_sure_read_that_differs_from_the_form_is_kept_for_the_form_check(
    card_image: Path,
) -> None:
    fields, out, _ = read_with(card_image, "姚浩君", 0.95)
    assert fields["name"] == "姚浩君"  # check_form turns this into FORM_MISMATCH
    assert out.reasons == []
