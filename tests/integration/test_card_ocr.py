"""Render, photograph, OCR and parse whole cards: every field must come back exactly."""

from __future__ import annotations

import random

import numpy as np
import pytest

from robotlib.documents.idcard import read_card
from robotlib.documents.image import load_image
from robotlib.documents.reading import Side
from robotlib.model.result import IdentityFields
from robotlib.sandbox.cards.id_card import render_back, render_front
from robotlib.sandbox.photos.degrade import degrade_photo, save_jpeg
from robotlib.validation.idnumber import with_check_digit

pytestmark = pytest.mark.ocr

FRONT = ("name", "sex", "ethnicity", "birth_date", "address", "id_number")
BACK = ("issuing_authority", "valid_from", "valid_to")


def card(
    name: str,
    sex: str,
    ethnicity: str,
    born: str,
    region: str,
    address: str,
    authority: str,
    valid: tuple[str, str],
) -> IdentityFields:
    sequence = "123" if sex == "男" else "124"
    number = with_check_digit(region + born.replace("-", "") + sequence)
    return IdentityFields(
        name=name,
        id_number=number,
        sex=sex,
        ethnicity=ethnicity,
        birth_date=born,
        address=address,
        issuing_authority=authority,
        valid_from=valid[0],
        valid_to=valid[1],
    )


# All synthetic. Rare given-name characters, minority names, one- to three-line addresses.
CARDS = [
    card(
        "张伟", "男", "汉", "1990-03-07", "440305",
        "广东省深圳市南山区粤海街道科技园路88号华润城三期12栋1703室",
        "深圳市公安局南山分局", ("2016-05-10", "2036-05-10"),
    ),
    card(
        "欧阳喆", "女", "汉", "2003-11-30", "110101",
        "北京市东城区景山前街4号",
        "北京市公安局东城分局", ("2018-12-01", "2028-12-01"),
    ),
    card(
        "艾力·吐尔逊", "男", "维吾尔", "1972-08-15", "650121",
        "新疆乌鲁木齐县水西沟镇解放南路127号",
        "乌鲁木齐县公安局", ("2019-06-20", "长期"),
    ),
    card(
        "王堃燊", "男", "汉", "1985-01-09", "320106",
        "江苏省南京市鼓楼区中山北路283号2栋1单元502室",
        "南京市公安局鼓楼分局", ("2012-04-18", "2032-04-18"),
    ),
    card(
        "扎西卓玛", "女", "藏", "1968-05-21", "540122",
        "西藏自治区当雄县当曲卡镇格达路48号",
        "当雄县公安局", ("2015-09-02", "长期"),
    ),
    card(
        "向彧珺", "女", "土家", "2012-07-04", "433127",
        "湖南省湘西土家族苗族自治州永顺县灵溪镇河东村3组17号",
        "永顺县公安局", ("2021-08-12", "2026-08-12"),
    ),
]  # fmt: skip


@pytest.mark.parametrize("index", range(len(CARDS)), ids=[c.name for c in CARDS])
def test_every_field_reads_back_exactly(engine, tmp_path, index):
    truth = CARDS[index]
    rng = random.Random(1000 + index)
    got: dict[str, str] = {}
    for side, render in ((Side.FRONT, render_front), (Side.BACK, render_back)):
        path = tmp_path / f"{side}.jpg"
        save_jpeg(degrade_photo(render(truth, rng), rng), path, quality=85)
        reading = read_card(engine, load_image(path), side)
        assert reading.side is side
        assert set(reading.confidence) == set(reading.fields)
        got.update(reading.fields)
    expected = truth.model_dump(include=set(FRONT + BACK))
    assert got == expected, f"card {index} ({truth.name})"


@pytest.mark.parametrize("turns", [2, 1], ids=["upside-down", "sideways"])
def test_a_turned_photo_reads_the_same(engine, tmp_path, turns):
    truth = CARDS[0]
    rng = random.Random(7)
    path = tmp_path / "front.jpg"
    photo = degrade_photo(render_front(truth, rng), rng)
    save_jpeg(photo.rotate(90 * turns, expand=True), path, quality=85)
    reading = read_card(engine, load_image(path), Side.FRONT)
    assert reading.fields == truth.model_dump(include=set(FRONT)), f"turned {90 * turns} degrees"


def test_rapidocr_is_registered_and_loads_once_per_thread_count(engine):
    from robotlib.plugins.host import get_ocr_engine_factories

    factory = get_ocr_engine_factories()["rapidocr"]
    assert factory(2) is engine
    assert factory(1) is not engine
    assert factory(1).threads == 1


def test_a_photo_without_text_reads_nothing(engine):
    blank = np.full((480, 640, 3), 200, dtype=np.uint8)
    assert engine.read(blank) == []
    assert read_card(engine, blank, Side.BACK).fields == {}


def test_every_character_read_comes_with_its_rival_readings(engine, tmp_path):
    """RapidOCR's rivals pair with the characters of each line, as the scores do."""
    truth = CARDS[-1]  # 向彧珺: a rare character among common ones
    rng = random.Random(5)
    path = tmp_path / "front.jpg"
    save_jpeg(degrade_photo(render_front(truth, rng), rng), path, quality=85)
    lines = engine.read(load_image(path))
    assert lines
    for line in lines:
        characters = "".join(line.text.split())
        assert len(line.char_rivals) == len(line.char_scores) == len(characters), line.text
        for rivals in line.char_rivals:
            weights = [weight for _, weight in rivals]
            assert weights == sorted(weights, reverse=True)
            assert all(0 < weight <= 1 for weight in weights)
    # A photo is never read with no doubt at all: some character has a runner-up.
    assert any(rivals for line in lines for rivals in line.char_rivals)
