"""What a crop may add to a card's reading: what the card prints, and never on its own say.

A forged card whose printed sex contradicts its number is caught only by comparing the two
(``ID_INCONSISTENT``); a sex filled from the number, or a crop read that settles for the
number's answer, would hide the forgery. A name read from a crop counts only as typed: a
misread name sent to the registries would turn a genuine applicant into a reject.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from loguru import logger

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.id_card import check_card
from robotlib.checks.id_card_reading import REQUIRED_FIELDS, second_card_reader
from robotlib.checks.trusted_reading import read_trusted
from robotlib.documents.idcard_front import parse_front
from robotlib.documents.reading import Side
from robotlib.model import ReasonCode
from tests.unit.test_form_agreement import card_image
from tests.unit.test_row_crops import NUMBER, PHOTO, WITHOUT_NAME, CropEngine, photographed, read

__all__ = ["card_image"]


def test_a_printed_sex_that_contradicts_the_number_is_kept_and_caught() -> None:
    # The number is a man's; the card prints 女, which only the crop sees.
    engine = CropEngine(read("女", 0.99))
    reading = second_card_reader(lambda: engine, Side.FRONT)(PHOTO)
    assert reading.fields.get("sex") == "女"
    out = BotOutcome()
    check_card(reading.fields, out, dt.date(2026, 12, 1))
    assert ReasonCode.ID_INCONSISTENT in out.reasons, out.details


def test_an_unsure_crop_leaves_the_sex_unread_rather_than_the_numbers() -> None:
    # The recogniser leans to 男 (the number's answer) but not surely: the sex stays unread.
    engine = CropEngine(read("男", 0.95, (("女", 0.04),)))
    reading = second_card_reader(lambda: engine, Side.FRONT)(PHOTO)
    assert "sex" not in reading.fields
    assert reading.fields.get("id_number") is not None


def read_front(
    card_image: Path,
    engine: CropEngine,
    ctx: BotContext,
    out: BotOutcome,
    typed: dict[str, str] | None,
) -> dict[str, str]:
    """The bot's trusted read of a front: ``engine`` for both reads, crops included."""
    return read_trusted(
        card_image,
        Side.FRONT,
        lambda image: parse_front(engine.read(image)),
        REQUIRED_FIELDS[Side.FRONT],
        ctx,
        out,
        typed,
        second_card_reader(lambda: engine, Side.FRONT),
    )


def test_the_crop_read_is_logged_by_field_name_only(card_image: Path) -> None:
    engine = CropEngine(read("女", 0.99))
    ctx = BotContext(bot_name="t", scopes=frozenset(), sources={}, ocr=None, ref="T-1")
    messages: list[str] = []
    sink = logger.add(messages.append, level="DEBUG", format="{message} {extra}")
    try:
        fields = read_front(card_image, engine, ctx, BotOutcome(), None)
    finally:
        logger.remove(sink)
    assert fields.get("sex") == "女"
    assert engine.crops
    logged = "".join(messages)
    assert "sex" in logged
    for value in ("女", "张伟", NUMBER):
        assert value not in logged, f"{value} in the log: {logged}"


@pytest.mark.parametrize(
    ("typed", "read_as", "kept"),
    [("顾佳芳", "顾佳芳", True), ("顾佳芳", "顾佳方", False), (None, "顾佳芳", False)],
    ids=["as typed", "one character off", "nothing typed"],
)
def test_a_name_from_a_crop_is_kept_only_as_typed(
    card_image: Path, typed: str | None, read_as: str, kept: bool
) -> None:
    engine = CropEngine(read(read_as, 0.99))
    engine.lines = photographed(90, 1.0, WITHOUT_NAME)
    ctx = BotContext(bot_name="t", scopes=frozenset(), sources={}, ocr=None, ref="T-1")
    out = BotOutcome()
    typed_form = None if typed is None else {"name": typed, "id_number": NUMBER}
    fields = read_front(card_image, engine, ctx, out, typed_form)
    assert ("name" in fields) is kept, fields
    assert (ReasonCode.OCR_UNREADABLE in out.reasons) is not kept, out.details
