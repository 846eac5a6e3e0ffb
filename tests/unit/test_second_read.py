"""A finer second read fills only what the first did not give, and never against it.

The card image is a real rendered card (intake checks it); both readings are given, so each
case controls what the rule sees.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.id_card_reading import REQUIRED_FIELDS, second_card_reader
from robotlib.checks.trusted_reading import FORM_AGREEMENT_FLOOR, read_trusted
from robotlib.documents.reading import CardReading, Side
from robotlib.ocr.engine import OcrLine
from tests.unit.test_form_agreement import NAME, SURE, TYPED, card_image

__all__ = ["card_image"]

#: the sex is what a hard photo's coarse read loses: the detector misses its short line
WITHOUT_SEX = {k: v for k, v in SURE.items() if k != "sex"}


def reading(fields: dict[str, str], confidence: dict[str, float]) -> CardReading:
    result = CardReading(side=Side.FRONT)
    result.fields, result.confidence = dict(fields), dict(confidence)
    return result


def read_twice(
    card_image: Path, first: CardReading, second: CardReading
) -> tuple[dict[str, str], BotOutcome, int]:
    reads = []

    def again(image: np.ndarray) -> CardReading:
        reads.append(image.shape)
        return second

    ctx = BotContext(bot_name="t", scopes=frozenset(), sources={}, ocr=None, ref="T-1")
    out = BotOutcome()
    fields = read_trusted(
        card_image,
        Side.FRONT,
        lambda image: first,
        REQUIRED_FIELDS[Side.FRONT],
        ctx,
        out,
        TYPED,
        again,
    )
    return fields, out, len(reads)


def sure(fields: dict[str, str]) -> dict[str, float]:
    return dict.fromkeys(fields, 0.99)


def test_a_field_the_first_read_missed_is_filled_by_the_second(card_image: Path) -> None:
    first = {**WITHOUT_SEX, "name": NAME}
    second = {**SURE, "name": NAME}
    fields, out, reads = read_twice(
        card_image, reading(first, sure(first)), reading(second, sure(second))
    )
    assert reads == 1
    assert fields["sex"] == SURE["sex"]
    assert out.reasons == []


def test_no_second_read_when_the_first_gave_every_required_field(card_image: Path) -> None:
    first = {**SURE, "name": NAME}
    _, out, reads = read_twice(card_image, reading(first, sure(first)), reading({}, {}))
    assert reads == 0
    assert out.reasons == []


def test_two_reads_that_disagree_leave_the_field_unread(card_image: Path) -> None:
    first = {**SURE, "name": "姚浩君"}
    second = {**SURE, "name": "姚浩军"}
    confidence = {**sure(SURE), "name": FORM_AGREEMENT_FLOOR}
    fields, out, _ = read_twice(
        card_image, reading(first, confidence), reading(second, sure(second))
    )
    assert "name" not in fields
    assert out.reasons == ["OCR_UNREADABLE"]
    assert out.details["OCR_UNREADABLE"] == "front: name not read with confidence"


def test_the_second_read_never_replaces_a_field_the_first_gave(card_image: Path) -> None:
    first = {**WITHOUT_SEX, "name": NAME}
    second = {**SURE, "name": "姚浩君", "id_number": "110105194912310029"}
    fields, _, _ = read_twice(
        card_image, reading(first, sure(first)), reading(second, sure(second))
    )
    assert fields["name"] == NAME
    assert fields["id_number"] == SURE["id_number"]
    assert fields["sex"] == SURE["sex"]


class Engine:
    """An engine that records which read was asked for."""

    name = "recording"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def read(self, image: np.ndarray) -> list[OcrLine]:
        self.asked.append("read")
        return []

    def read_fine_print(self, image: np.ndarray) -> list[OcrLine]:
        self.asked.append("fine")
        return []

    def read_closely(self, image: np.ndarray) -> list[OcrLine]:
        self.asked.append("close")
        return []


class CoarseEngine:
    name = "coarse"

    def read(self, image: np.ndarray) -> list[OcrLine]:
        raise AssertionError("the second read must not repeat the first")


def test_the_second_read_is_the_closest_the_engine_offers() -> None:
    engine = Engine()
    loads: list[int] = []

    def load() -> Engine:
        loads.append(1)
        return engine

    read_again = second_card_reader(load, Side.FRONT)
    assert loads == []  # the engine is asked for only when a second read is needed
    assert read_again(np.zeros((4, 4, 3), dtype=np.uint8)).side is Side.FRONT
    assert engine.asked == ["close"]


def test_an_engine_with_one_read_only_gives_a_second_reading_of_nothing() -> None:
    reading = second_card_reader(CoarseEngine, Side.BACK)(np.zeros((4, 4, 3), dtype=np.uint8))
    assert (reading.side, reading.fields) == (Side.BACK, {})


def test_a_back_with_its_validity_read_needs_no_authority(card_image: Path) -> None:
    validity = {"valid_from": "2015-03-07", "valid_to": "2035-03-07"}
    back = CardReading(side=Side.BACK)
    back.fields = {**validity, "issuing_authority": "滩溪县公安局"}
    back.confidence = {**sure(validity), "issuing_authority": 0.5}
    ctx = BotContext(bot_name="t", scopes=frozenset(), sources={}, ocr=None, ref="T-1")
    out = BotOutcome()
    fields = read_trusted(
        card_image, Side.BACK, lambda image: back, REQUIRED_FIELDS[Side.BACK], ctx, out
    )
    assert fields == validity
    assert out.reasons == [], "no check judges the authority: its doubt is no review"


def test_a_name_cut_short_of_what_was_typed_is_unread_not_judged(card_image: Path) -> None:
    # SH-000013 (bench/decisions.py --renderer alt, hard): the first read had the name at 0.20,
    # the closer read boxed only 段天 of 段天凯 at 0.997; judged against the registry it was a
    # GOV_MISMATCH reject of a genuine applicant.
    first = {**WITHOUT_SEX, "name": NAME}
    second = {**SURE, "name": NAME[:2]}
    fields, out, _ = read_twice(
        card_image,
        reading(first, {**sure(WITHOUT_SEX), "name": 0.2}),
        reading(second, sure(second)),
    )
    assert "name" not in fields
    assert fields["sex"] == SURE["sex"]
    assert out.reasons == ["OCR_UNREADABLE"], out.details


def test_a_name_read_surely_but_cut_short_on_the_first_read_is_unread(card_image: Path) -> None:
    first = {**SURE, "name": NAME[1:]}
    fields, out, _ = read_twice(card_image, reading(first, sure(first)), reading({}, {}))
    assert "name" not in fields
    assert out.reasons == ["OCR_UNREADABLE"]


def test_a_typed_name_shorter_than_the_card_is_still_compared(card_image: Path) -> None:
    # the other way round is a form typo the registries may judge: the card's name stays
    first = {**SURE, "name": NAME + "明"}
    fields, out, _ = read_twice(card_image, reading(first, sure(first)), reading({}, {}))
    assert fields["name"] == NAME + "明"
    assert out.reasons == []
