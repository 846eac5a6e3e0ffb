"""A second read finds a line the detector missed: an address's last line, a name."""

from __future__ import annotations

import numpy as np

from robotlib.checks.trusted_reading import CONFIDENCE_THRESHOLD
from robotlib.documents.idcard import read_card
from robotlib.documents.reading import Side
from robotlib.documents.second_look import PAD
from robotlib.ocr.engine import OcrLine
from tests.unit.test_idcard_parser import line, split_front

HEIGHT, WIDTH = 540, 856


def coded_image() -> np.ndarray:
    """Each pixel says where it is, so a band cut from the image can be placed back."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    return np.dstack([x % 256, y % 256, (x // 256) * 16 + y // 256]).astype(np.uint8)


class ScriptedEngine:
    """The whole image reads as ``seen``; a band of it reads as whichever of ``missed`` lie
    inside it, in the band's own pixels."""

    def __init__(self, seen: list[OcrLine], missed: list[OcrLine]) -> None:
        self.seen, self.missed, self.bands = seen, missed, 0

    def read(self, image: np.ndarray) -> list[OcrLine]:
        if image.shape[:2] == (HEIGHT, WIDTH):
            return self.seen
        self.bands += 1
        r, g, b = (int(v) for v in image[PAD, PAD])
        x0, y0 = r + 256 * (b // 16) - PAD, g + 256 * (b % 16) - PAD
        h, w = image.shape[:2]
        return [
            OcrLine(item.text, item.score, tuple((x - x0, y - y0) for x, y in item.box))
            for item in self.missed
            if all(0 <= x - x0 <= w and 0 <= y - y0 <= h for x, y in item.box)
        ]


def front_without_last_line(last: OcrLine) -> tuple[list[OcrLine], list[OcrLine]]:
    lines = [item for item in split_front() if item.text != "三期12栋2单元1703室"]
    return lines, [last]


def test_a_last_address_line_the_detector_missed_is_read_in_a_second_look():
    seen, missed = front_without_last_line(line("1703室", 180, 364))
    engine = ScriptedEngine(seen, missed)
    reading = read_card(engine, coded_image(), Side.FRONT)
    assert reading.fields["address"] == "广东省深圳市南山区粤海街道科技园路88号华润城1703室"
    assert reading.confidence["address"] >= CONFIDENCE_THRESHOLD
    assert engine.bands == 1


def test_the_line_above_read_again_in_the_band_is_not_appended():
    seen, _ = front_without_last_line(line("-", 0, 0))
    engine = ScriptedEngine(seen, [line("华润城", 500, 320)])
    reading = read_card(engine, coded_image(), Side.FRONT)
    assert reading.fields["address"] == "广东省深圳市南山区粤海街道科技园路88号华润城"
    assert reading.confidence["address"] < CONFIDENCE_THRESHOLD


def test_an_address_that_ends_as_addresses_do_is_not_read_again():
    engine = ScriptedEngine(split_front(), [])
    reading = read_card(engine, coded_image(), Side.FRONT)
    assert reading.fields["address"].endswith("1703室")
    assert engine.bands == 0


def test_a_name_the_detector_missed_is_read_beside_its_label():
    seen = [item for item in split_front() if item.text != "欧阳娜娜"]
    engine = ScriptedEngine(seen, [line("欧阳娜娜", 180, 72)])
    reading = read_card(engine, coded_image(), Side.FRONT)
    assert reading.fields["name"] == "欧阳娜娜"
    assert reading.confidence["name"] >= CONFIDENCE_THRESHOLD
    assert engine.bands == 1


def test_what_is_read_beside_the_label_is_no_name_so_the_name_stays_unread():
    seen = [item for item in split_front() if item.text != "欧阳娜娜"]
    engine = ScriptedEngine(seen, [line("1990", 180, 72)])
    reading = read_card(engine, coded_image(), Side.FRONT)
    assert engine.bands == 1
    assert "name" not in reading.fields
