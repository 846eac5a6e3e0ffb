"""The second renderer's portrait side: its own columns, pitch and number placement."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from robotlib.model.result import IdentityFields
from robotlib.sandbox.cards.alt.faces import pick_faces
from robotlib.sandbox.cards.alt.lighting import light
from robotlib.sandbox.cards.alt.paper import (
    LABEL_INKS,
    VALUE_INKS,
    blank_card,
    spaced_text,
)
from robotlib.sandbox.cards.id_card import wrap

#: labels start here (the first renderer: 74); values start at VALUE_X + a jitter
LABEL_X = 52
VALUE_X = 160
#: the address column is narrower than the first renderer's, so long addresses take three lines
ADDRESS_WIDTH = (300, 350)
ADDRESS_LINES = 3

#: draws text at (x, y) and returns where it ends
Pen = Callable[[float, float, str], float]
#: the value face at a size
FaceAt = Callable[[int], ImageFont.FreeTypeFont]


def render_front(fields: IdentityFields, rng: random.Random) -> Image.Image:
    """The portrait side of ``fields``, lit unevenly; blank fields are left blank."""
    faces = pick_faces(rng, fields.name or "", fields.address or "", fields.ethnicity or "")
    card = blank_card(rng)
    draw = ImageDraw.Draw(card)
    label_ink, value_ink = rng.choice(LABEL_INKS), rng.choice(VALUE_INKS)
    label_size, value_size = rng.randint(22, 26), rng.randint(27, 31)
    label_font, value_font = faces.label_at(label_size), faces.value_at(value_size)
    dx, dy = rng.randint(-8, 8), rng.randint(-6, 6)
    lx, vx = LABEL_X + dx, VALUE_X + dx + rng.randint(-6, 10)
    pitch = rng.randint(62, 68)
    offset = (value_size - label_size) // 2

    def label(x: float, y: float, text: str) -> float:
        return spaced_text(draw, x, y + offset, text, label_font, label_ink, 4)

    def value(x: float, y: float, text: str, font: ImageFont.FreeTypeFont = value_font) -> float:
        return spaced_text(draw, x, y, text, font, value_ink, 0)

    y = 62 + dy
    label(lx, y, "姓名")
    value(vx, y, fields.name or "")
    y += pitch
    label(lx, y, "性别")
    value(vx, y, fields.sex or "")
    ethnicity_x = vx + rng.randint(100, 130)
    label(ethnicity_x, y, "民族")
    value(ethnicity_x + 2.4 * label_size + 8, y, fields.ethnicity or "")
    y += pitch
    label(lx, y, "出生")
    if fields.birth_date:
        _birth(fields.birth_date, vx, y, value, label)
    y += pitch
    label(lx, y, "住址")
    size, lines = _address(faces.value_at, value_size, fields.address or "", rng)
    leading = round(size * rng.uniform(1.22, 1.4))
    for row, text in enumerate(lines):
        value(vx, y + row * leading, text, faces.value_at(size))
    number_y = 446 + dy + rng.randint(-4, 8)
    label(lx, number_y + 4, "公民身份号码")
    number_font = faces.value_at(rng.randint(33, 37))
    spaced_text(draw, 276 + dx + rng.randint(-6, 10), number_y, fields.id_number or "",
                number_font, value_ink, rng.randint(3, 6))  # fmt: skip
    _photo(card, rng, 590 + dx, 70 + dy)
    return light(card, rng)


def _birth(born_iso: str, x: float, y: float, value: Pen, label: Pen) -> None:
    """``1990 年 3 月 7 日``: the numbers in the value face, the units as labels, no padding."""
    born = date.fromisoformat(born_iso)
    for number, unit in ((born.year, "年"), (born.month, "月"), (born.day, "日")):
        x = value(x, y, str(number)) + 8
        x = label(x, y, unit) + 8


def _address(face_at: FaceAt, size: int, address: str, rng: random.Random) -> tuple[int, list[str]]:
    """The address broken into lines of the column's width, smaller if it needs four."""
    width = rng.randint(*ADDRESS_WIDTH)
    while True:
        lines = wrap(address, face_at(size), width)
        if len(lines) <= ADDRESS_LINES or size <= 20:
            return size, lines
        size -= 1


def _photo(card: Image.Image, rng: random.Random, left: int, top: int) -> None:
    """A grey placeholder with an outlined bust: the second renderer draws no face either."""
    width, height = 220, 290
    shade = rng.randint(200, 230)
    photo = Image.new("RGB", (width, height), (shade, shade + 6, shade + 12))
    draw = ImageDraw.Draw(photo)
    ink = (shade - 90,) * 3
    draw.ellipse((70, 40, 150, 140), outline=ink, width=5)
    draw.arc((10, 150, 210, 400), 180, 360, fill=ink, width=5)
    card.paste(photo, (left, top))
