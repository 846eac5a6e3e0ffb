"""Cards from the second, independent renderer, read with real OCR: three-line addresses
are read from all their lines, and no field is passed on wrong with a sure score."""

from __future__ import annotations

import random

import pytest

from robotlib.checks.trusted_reading import CONFIDENCE_THRESHOLD
from robotlib.documents.idcard import read_card
from robotlib.documents.image import load_image
from robotlib.documents.reading import Side
from robotlib.sandbox.cards.alt import render_back, render_front
from robotlib.sandbox.photos.degrade import Level, degrade_photo, save_jpeg
from tests.integration.test_card_ocr import BACK, FRONT, card

pytestmark = pytest.mark.ocr

# All synthetic: three-line addresses, rare characters in names and estates, a rarer group, an
# authority too long for one line.
CARDS = [
    card(
        "谭彧", "男", "仡佬", "1988-02-14", "520326",
        "贵州省遵义市务川仡佬族苗族自治县都濡镇昇平苑12栋2单元1802室",
        "务川仡佬族苗族自治县公安局都濡派出所", ("2017-03-09", "2037-03-09"),
    ),
    card(
        "毛淼", "女", "汉", "1995-10-01", "110101",
        "北京市东城区景山前街4号淼泉小区3栋1单元502室",
        "北京市公安局东城分局", ("2019-11-20", "2029-11-20"),
    ),
    card(
        "李玥婕", "女", "汉", "2001-06-30", "320106",
        "江苏省南京市鼓楼区中山北路283号喆园2栋1单元1102室",
        "南京市公安局鼓楼分局", ("2020-01-15", "2030-01-15"),
    ),
]  # fmt: skip


@pytest.mark.parametrize("index", range(len(CARDS)), ids=[c.name for c in CARDS])
def test_a_second_renderer_card_reads_back_or_is_doubted(engine, tmp_path, index):
    truth = CARDS[index]
    rng = random.Random(2000 + index)
    read: dict[str, tuple[str | None, float]] = {}
    for side, render, names in ((Side.FRONT, render_front, FRONT), (Side.BACK, render_back, BACK)):
        path = tmp_path / f"{side}.jpg"
        save_jpeg(degrade_photo(render(truth, rng), rng, Level.SCAN), path, quality=90)
        reading = read_card(engine, load_image(path), side)
        read.update({n: (reading.fields.get(n), reading.confidence.get(n, 0.0)) for n in names})
    expected = truth.model_dump(include=set(FRONT + BACK))
    sure_wrong = {
        name: value
        for name, (value, confidence) in read.items()
        if value != expected[name] and confidence >= CONFIDENCE_THRESHOLD
    }
    assert not sure_wrong, f"card {index} ({truth.name}): passed on wrong {sure_wrong}"
    # The three-line address and a wrapped authority are read whole, from all their lines.
    for name in ("address", "issuing_authority"):
        assert read[name][0] == expected[name], f"card {index} {name}: {read[name]}"
