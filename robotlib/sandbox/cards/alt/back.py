"""The second renderer's emblem side: title and emblem placed its own way."""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw

from robotlib.model.result import IdentityFields
from robotlib.sandbox.cards.alt.faces import pick_faces
from robotlib.sandbox.cards.alt.lighting import light
from robotlib.sandbox.cards.alt.paper import (
    LABEL_INKS,
    VALUE_INKS,
    blank_card,
    spaced_text,
)
from robotlib.sandbox.cards.id_card import validity_text, wrap


def render_back(fields: IdentityFields, rng: random.Random) -> Image.Image:
    """The emblem side of ``fields``: issuing authority and validity period, lit unevenly."""
    faces = pick_faces(rng, fields.issuing_authority or "")
    card = blank_card(rng)
    draw = ImageDraw.Draw(card)
    label_ink, value_ink = rng.choice(LABEL_INKS), rng.choice(VALUE_INKS)
    dx, dy = rng.randint(-8, 8), rng.randint(-6, 6)
    _seal(draw, 96 + dx, 108 + dy, rng.randint(62, 72))
    spaced_text(draw, 250 + dx, 64 + dy, "中华人民共和国", faces.label_at(38), label_ink, 16)
    spaced_text(draw, 214 + dx, 138 + dy, "居民身份证", faces.value_at(60), value_ink, 30)
    label_font, value_font = (
        faces.label_at(rng.randint(22, 26)),
        faces.value_at(rng.randint(27, 31)),
    )
    label_x, value_x = 150 + dx, 300 + dx + rng.randint(-4, 12)
    authority_y, validity_y = 384 + dy, 452 + dy + rng.randint(-4, 4)
    # A long authority wraps onto a second line, the pair centred on the single line's place.
    authority = wrap(fields.issuing_authority or "", value_font, rng.randint(330, 460))
    leading = round(value_font.size * 1.3)
    authority_y -= (len(authority) - 1) * leading // 2
    spaced_text(draw, label_x, authority_y + 4, "签发机关", label_font, label_ink, 3)
    spaced_text(draw, label_x, validity_y + 4, "有效期限", label_font, label_ink, 3)
    for row, text in enumerate(authority):
        spaced_text(draw, value_x, authority_y + row * leading, text, value_font, value_ink, 0)
    validity = validity_text(fields.valid_from, fields.valid_to)
    spaced_text(draw, value_x, validity_y, validity, value_font, value_ink, 1)
    return light(card, rng)


def _seal(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: int) -> None:
    """A stand-in emblem: a red ring around five gold stars (one large, four small)."""
    red, gold = (190, 26, 34), (226, 178, 44)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=red)
    draw.ellipse((cx - radius + 6, cy - radius + 6, cx + radius - 6, cy + radius - 6),
                 outline=gold, width=2)  # fmt: skip
    _star(draw, cx - radius * 0.25, cy - radius * 0.1, radius * 0.38, gold)
    for k in range(4):
        angle = -0.9 + k * 0.45
        _star(draw, cx + radius * 0.3 + radius * 0.3 * math.cos(angle),
              cy - radius * 0.1 + radius * 0.45 * math.sin(angle), radius * 0.1, gold)  # fmt: skip


def _star(
    draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, colour: tuple[int, int, int]
) -> None:
    points = []
    for k in range(10):
        reach = r if k % 2 == 0 else r * 0.4
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((cx + reach * math.cos(angle), cy + reach * math.sin(angle)))
    draw.polygon(points, fill=colour)
