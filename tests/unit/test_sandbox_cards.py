"""The synthetic card renderer and phone-photo degradation (no OCR here)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from robotlib.documents.quality import check_quality, sharpness
from robotlib.model.result import IdentityFields
from robotlib.sandbox.cards import fonts
from robotlib.sandbox.cards.id_card import HEIGHT, WIDTH, render_back, render_front, validity_text
from robotlib.sandbox.photos.degrade import PHOTO_SIZE, Level, degrade_photo

FIELDS = IdentityFields(
    name="欧阳喆",
    id_number="440305199003071236",
    sex="男",
    ethnicity="汉",
    birth_date="1990-03-07",
    address="广东省深圳市南山区粤海街道科技园路88号华润城三期12栋1703室",
    issuing_authority="深圳市公安局南山分局",
    valid_from="2016-05-10",
    valid_to="长期",
)


def test_both_sides_are_card_sized_and_drawn():
    for render in (render_front, render_back):
        card = render(FIELDS, random.Random(1))
        assert card.size == (WIDTH, HEIGHT)
        assert card.mode == "RGB"
        dark = (np.asarray(card.convert("L")) < 80).mean()
        assert 0.01 < dark < 0.2, f"{render.__name__}: {dark:.3f} of the card is ink"


@pytest.mark.slow
def test_same_seed_same_card_and_photo():
    def make(seed: int) -> np.ndarray:
        rng = random.Random(seed)
        return np.asarray(degrade_photo(render_front(FIELDS, rng), rng))

    first = make(5)
    assert first.shape == (PHOTO_SIZE[1], PHOTO_SIZE[0], 3)
    assert np.array_equal(first, make(5))
    assert not np.array_equal(first, make(6))


def test_blank_fields_render_without_error():
    empty = IdentityFields()
    assert render_front(empty, random.Random(0)).size == (WIDTH, HEIGHT)
    assert render_back(empty, random.Random(0)).size == (WIDTH, HEIGHT)


def test_validity_as_printed():
    assert validity_text("2016-05-10", "2036-05-10") == "2016.05.10-2036.05.10"
    assert validity_text("2016-05-10", "长期") == "2016.05.10-长期"
    assert validity_text(None, None) == ""


def test_missing_fonts_name_the_package_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path,))
    fonts.find_cjk_fonts.cache_clear()
    try:
        with pytest.raises(fonts.FontMissing, match="apt-get install fonts-noto-cjk"):
            fonts.find_cjk_fonts()
    finally:
        fonts.find_cjk_fonts.cache_clear()


@pytest.mark.slow
@pytest.mark.parametrize("level", list(Level))
def test_every_level_is_reproducible_and_readable_by_intake(level):
    def make(seed: int) -> np.ndarray:
        rng = random.Random(seed)
        return np.asarray(degrade_photo(render_front(FIELDS, rng), rng, level))

    first = make(5)
    assert np.array_equal(first, make(5))
    check_quality(str(level), first)


@pytest.mark.slow
def test_levels_get_harder():
    def sharp(level: Level) -> float:
        rng = random.Random(9)
        photo = np.asarray(degrade_photo(render_front(FIELDS, rng), rng, level), dtype=np.float32)
        return sharpness(photo.mean(axis=2))

    assert sharp(Level.SCAN) > sharp(Level.PHONE) > sharp(Level.HARD)


@pytest.mark.slow
def test_hard_photos_are_turned_by_quarter_turns():
    shapes = set()
    for seed in range(8):
        rng = random.Random(seed)
        shapes.add(degrade_photo(render_front(FIELDS, rng), rng, Level.HARD).size)
    assert shapes == {PHOTO_SIZE, PHOTO_SIZE[::-1]}
