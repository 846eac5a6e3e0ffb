"""The second card renderer: card-sized, deterministic, its own faces, varied printed fields."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from robotlib.documents.corroboration import doubtful_address
from robotlib.documents.vocabulary import ETHNIC_GROUPS
from robotlib.sandbox.cards import id_card
from robotlib.sandbox.cards.alt import render_back, render_front, varied_fields
from robotlib.sandbox.cards.alt.content import RARE_NAME_CHARACTERS
from robotlib.sandbox.cards.alt.faces import pick_faces
from robotlib.sandbox.people.factory import PersonFactory
from robotlib.sandbox.photos.render import CARD_RENDERERS, PhotoJob, make_photo
from robotlib.sandbox.scenarios.cases import Photo
from tests.unit.test_sandbox_cards import FIELDS


def test_both_sides_are_card_sized_inked_and_deterministic():
    for render in (render_front, render_back):
        card = render(FIELDS, random.Random(3))
        assert card.size == (id_card.WIDTH, id_card.HEIGHT)
        dark = (np.asarray(card.convert("L")) < 80).mean()
        assert 0.01 < dark < 0.2, f"{render.__name__}: {dark:.3f} of the card is ink"
        assert np.array_equal(np.asarray(card), np.asarray(render(FIELDS, random.Random(3))))


def test_values_are_drawn_in_faces_the_first_renderer_does_not_use_for_values():
    first = {"NotoSansCJK-Regular.ttc#2", "NotoSerifCJK-Regular.ttc#2", "wqy-zenhei.ttc#0"}
    used = {pick_faces(random.Random(seed), "欧阳喆").value.name for seed in range(40)}
    assert used, used
    assert not used & first, used


def test_varied_fields_keep_what_the_number_encodes_and_stay_printable():
    rng = random.Random(11)
    factory = PersonFactory(rng=rng, today=dt.date(2026, 11, 1))
    rare = long = 0
    for _ in range(200):
        before = factory.person().card_fields()
        after = varied_fields(before, rng)
        assert (after.id_number, after.birth_date, after.sex) == (
            before.id_number,
            before.birth_date,
            before.sex,
        )
        assert after.ethnicity in ETHNIC_GROUPS
        assert not doubtful_address(after.address or ""), after.address
        rare += (after.name or "")[-1] in RARE_NAME_CHARACTERS
        long += len(after.address or "") > 30
    assert rare > 40, (rare, long)
    assert long > 40, (rare, long)


@pytest.mark.slow
def test_a_world_photo_drawn_by_the_second_renderer_is_its_card(tmp_path):
    drawn = {}
    for name in CARD_RENDERERS:
        job = PhotoJob(tmp_path / f"{name}.jpg", True, FIELDS, Photo.CARD, "7:front", renderer=name)
        make_photo(job)
        drawn[name] = job.path.read_bytes()
    again = PhotoJob(tmp_path / "again.jpg", True, FIELDS, Photo.CARD, "7:front", renderer="alt")
    make_photo(again)
    assert drawn["alt"] != drawn["first"], "the renderer made no difference"
    assert again.path.read_bytes() == drawn["alt"], "the second renderer's photo is not seeded"
