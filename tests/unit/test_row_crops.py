"""Where the card lies in a photo, from the OCR lines found on it, and the sex read from a crop.

The lines are built from card coordinates (the renderer's, as the detector boxes them on a
clean card) by a known turn, scale and shift, so each test knows where every card point must
land in the image.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from robotlib.checks.id_card_reading import second_card_reader
from robotlib.checks.trusted_reading import CONFIDENCE_THRESHOLD, FORM_AGREEMENT_FLOOR
from robotlib.documents.reading import Side
from robotlib.documents.row_crops import (
    CROP_HEIGHT,
    CROP_NAME_CONFIDENCE,
    SEX_VALUE,
    CardPlacement,
    cut_out,
    place_card,
    read_sex_row,
    sure_name,
    sure_sex,
)
from robotlib.ocr.engine import OcrLine
from robotlib.validation.idnumber import with_check_digit

#: a man's number (17th digit odd), born 1990-03-07 as the card prints
NUMBER = with_check_digit("44030519900307123")
#: the front's lines as the detector boxes them on a clean card (card pixels), sex row missing
FRONT = (
    ("姓名张伟", (72, 79, 253, 120)),
    ("民族汉", (296, 148, 449, 189)),
    ("出生1990年3月7日", (72, 214, 478, 255)),
    ("住址广东省深圳市南山区", (73, 283, 528, 323)),
    ("公民身份号码", (74, 459, 238, 498)),
    (NUMBER, (283, 460, 737, 501)),
)


def photo_point(x: float, y: float, turn: float, scale: float) -> tuple[float, float]:
    """A card point in a photo of the card turned by ``turn`` degrees, at ``scale``."""
    a = math.radians(turn)
    return (
        1000 + scale * (x * math.cos(a) - y * math.sin(a)),
        800 + scale * (x * math.sin(a) + y * math.cos(a)),
    )


def photographed(
    turn: float = 0.0, scale: float = 1.0, lines: tuple[tuple[str, tuple[int, ...]], ...] = FRONT
) -> list[OcrLine]:
    """``lines`` as a detector reports them in that photo: corners clockwise from top-left."""
    found = []
    for text, (left, top, right, bottom) in lines:
        corners = ((left, top), (right, top), (right, bottom), (left, bottom))
        box = tuple(photo_point(x, y, turn, scale) for x, y in corners)
        found.append(OcrLine(text, 0.99, box))
    return found


def assert_lands(
    placement: CardPlacement | None, turn: float, scale: float, within: float = 6
) -> None:
    """Card points land within ``within`` card pixels of where the photo put them."""
    assert placement is not None
    for x, y in ((182, 165), (220, 135), (450, 300)):
        want = photo_point(x, y, turn, scale)
        got = placement.to_image(x, y)
        off = math.dist(got, want)
        # The crop's margin round the sex is 22 card pixels and more.
        assert off <= within * scale, f"card ({x}, {y}) at turn {turn}: {got} instead of {want}"


@pytest.mark.parametrize("turn", [0, 7, -12, 90, 180, 270])
@pytest.mark.parametrize("scale", [0.5, 1.4])
def test_the_card_is_placed_at_any_turn_and_scale(turn: float, scale: float) -> None:
    assert_lands(place_card(photographed(turn, scale)), turn, scale)


def test_the_rows_found_set_the_scale_when_the_number_prints_narrower() -> None:
    # A narrow font: the number's box is 10 % short of the width its digits are taken to have.
    narrow = tuple(
        (text, (283, 460, 283 + round(0.9 * 454), 501) if text == NUMBER else box)
        for text, box in FRONT
    )
    assert_lands(place_card(photographed(0, 1.0, narrow)), 0, 1.0)


def test_without_labelled_rows_the_number_sets_the_scale() -> None:
    unlabelled = tuple(item for item in FRONT if item[0] in (NUMBER, "公民身份号码"))
    unlabelled += (("广东省深圳市南山区", (186, 283, 528, 323)),)
    # The detector's box is 2 % narrower than the printed digits: the scale is off by as much.
    assert_lands(place_card(photographed(90, 0.8, unlabelled)), 90, 0.8, within=12)


def test_clutter_below_the_card_does_not_turn_it_over() -> None:
    # Print from a newspaper under the card, all below the number in the photo.
    clutter = tuple((f"报纸第{i}行", (60, 560 + 50 * i, 700, 595 + 50 * i)) for i in range(8))
    assert_lands(place_card(photographed(180, 1.0, FRONT + clutter)), 180, 1.0)


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(FRONT[:-1], id="no number line"),
        pytest.param(FRONT[-1:], id="the number alone"),
    ],
)
def test_a_card_that_cannot_be_placed_is_not(
    lines: tuple[tuple[str, tuple[int, ...]], ...],
) -> None:
    assert place_card(photographed(0, 1.0, lines)) is None


def test_the_crop_is_the_card_area_upright() -> None:
    # A photo of a card turned a quarter: the sex area painted white, the rest black.
    image = np.zeros((1600, 1800, 3), dtype=np.uint8)
    placement = place_card(photographed(90, 1.0))
    assert placement is not None
    xs, ys = zip(*placement.box(*SEX_VALUE), strict=True)
    image[round(min(ys)) + 2 : round(max(ys)) - 2, round(min(xs)) + 2 : round(max(xs)) - 2] = 255
    crop = cut_out(image, placement, SEX_VALUE)
    left, top, right, bottom = SEX_VALUE
    assert crop.shape == (CROP_HEIGHT, round(CROP_HEIGHT * (right - left) / (bottom - top)), 3)
    assert crop[4:-4, 4:-4].min() == 255


def read(text: str, score: float, rivals: tuple[tuple[str, float], ...] = ()) -> OcrLine:
    return OcrLine(text, score, ((0, 0), (1, 0), (1, 1), (0, 1)), (score,), (rivals,))


@pytest.mark.parametrize(
    ("crop", "kept"),
    [
        (read("男", 0.97, (("勇", 0.02),)), True),
        (read("女", 0.9), True),
        (read("男", 0.89), False),
        (read("男", 0.99, (("女", 0.02),)), False),
        (read("勇", 0.99), False),
        (read("别男", 0.99), False),
        (read("", 0.0), False),
    ],
    ids=[
        "sure",
        "at the floor",
        "unsure",
        "the other sex a rival",
        "not a sex",
        "label",
        "nothing",
    ],
)
def test_only_a_sure_lone_sex_is_kept(crop: OcrLine, kept: bool) -> None:
    assert sure_sex(crop) is kept, crop


class CropEngine:
    """An engine whose detector misses the sex row and whose recogniser reads crops."""

    name = "crops"

    def __init__(self, crop_read: OcrLine) -> None:
        self.crop_read = crop_read
        self.crops: list[tuple[int, ...]] = []
        self.lines = photographed(90, 1.0)

    def read(self, image: np.ndarray) -> list[OcrLine]:
        return self.lines

    def read_closely(self, image: np.ndarray) -> list[OcrLine]:
        return self.lines

    def recognise(self, crop: np.ndarray) -> OcrLine:
        self.crops.append(crop.shape)
        return self.crop_read


PHOTO = np.zeros((1600, 1800, 3), dtype=np.uint8)


def test_a_sure_crop_read_is_a_line_where_the_sex_is_on_the_card() -> None:
    engine = CropEngine(read("女", 0.98))
    line = read_sex_row(engine, PHOTO, engine.lines)
    assert line is not None
    assert (line.text, line.score) == ("女", 0.98)
    want = photo_point((SEX_VALUE[0] + SEX_VALUE[2]) / 2, (SEX_VALUE[1] + SEX_VALUE[3]) / 2, 90, 1)
    assert math.dist(line.center, want) <= 6
    assert engine.crops
    assert engine.crops[0][0] == CROP_HEIGHT


def test_the_second_read_gives_the_sex_the_detector_missed() -> None:
    engine = CropEngine(read("男", 0.99))
    reading = second_card_reader(lambda: engine, Side.FRONT)(PHOTO)
    assert reading.fields.get("sex") == "男"
    assert reading.confidence["sex"] >= 0.9
    assert reading.fields.get("name") == "张伟"
    assert reading.fields.get("ethnicity") == "汉"


def test_an_unsure_crop_read_leaves_the_sex_unread() -> None:
    engine = CropEngine(read("男", 0.7))
    reading = second_card_reader(lambda: engine, Side.FRONT)(PHOTO)
    assert "sex" not in reading.fields
    assert len(engine.crops) == 1


def test_a_sex_the_detector_read_is_not_read_again_from_a_crop() -> None:
    engine = CropEngine(read("女", 0.99))
    engine.lines = photographed(90, 1.0, (*FRONT, ("性别男", (73, 150, 221, 188))))
    reading = second_card_reader(lambda: engine, Side.FRONT)(PHOTO)
    assert reading.fields.get("sex") == "男"
    assert engine.crops == []


#: a front whose name line the detector missed (its sex line it found)
WITHOUT_NAME = (
    *(item for item in FRONT if not item[0].startswith("姓名")),
    ("性别男", (73, 150, 221, 188)),
)


@pytest.mark.parametrize(
    ("crop", "kept"),
    [
        (read("顾佳芳", 0.95), True),
        (read("多吉", 0.99), True),
        (read("艾力·吐尔逊", 0.93), True),
        (read("顾佳芳", 0.89), False),
        (read("顾佳芳1", 0.99), False),
        (read("", 0.0), False),
    ],
    ids=["sure", "no surname", "minority name", "unsure", "not a name", "nothing"],
)
def test_only_a_sure_name_shape_is_kept(crop: OcrLine, kept: bool) -> None:
    assert sure_name(crop) is kept, crop


def test_a_name_from_a_crop_counts_only_as_typed() -> None:
    # At the bot's form-agreement floor or over it, under its threshold.
    assert FORM_AGREEMENT_FLOOR <= CROP_NAME_CONFIDENCE < CONFIDENCE_THRESHOLD
    engine = CropEngine(read("顾佳芳", 0.99))
    engine.lines = photographed(90, 1.0, WITHOUT_NAME)
    reading = second_card_reader(lambda: engine, Side.FRONT)(PHOTO)
    assert (reading.fields.get("name"), reading.confidence.get("name")) == (
        "顾佳芳",
        CROP_NAME_CONFIDENCE,
    )
    assert reading.fields.get("sex") == "男"


def test_a_name_read_surely_is_not_read_again_from_a_crop() -> None:
    engine = CropEngine(read("顾佳芳", 0.99))
    reading = second_card_reader(lambda: engine, Side.FRONT)(PHOTO)
    assert reading.fields.get("name") == "张伟"
