"""Rendering a synthetic business licence (营业执照, the 2016 layout, scaled to 1400 x 990 px).

Labels in the left and right columns, values beside them, the credit code top left, the title
centred; everything synthetic.
"""

from __future__ import annotations

import random
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from robotlib.sandbox.cards import wrap
from robotlib.sandbox.companies import Company
from robotlib.sandbox.fonts import find_cjk_fonts, load_font

WIDTH = 1400
HEIGHT = 990
INK = (24, 24, 28)
#: (label, field, label x, value x, y, value width)
_FIELDS = (
    ("名称", "name", 110, 310, 330, 420),
    ("类型", "type", 110, 310, 410, 420),
    ("法定代表人", "legal_representative", 110, 310, 490, 420),
    ("注册资本", "registered_capital", 760, 910, 330, 420),
    ("成立日期", "established", 760, 910, 410, 420),
    ("住所", "address", 760, 910, 490, 420),
)


def render_licence(company: Company, rng: random.Random) -> Image.Image:
    """The licence of ``company``, with a little variation in tint and placement."""
    fonts = find_cjk_fonts()
    regular = [f for f in fonts if not f.bold] or list(fonts)
    bold = [f for f in fonts if f.bold] or regular
    tint = rng.randint(236, 250)
    page = Image.new("RGB", (WIDTH, HEIGHT), (tint, tint - 4, tint - 14))
    draw = ImageDraw.Draw(page)
    frame = (170, 60, 40)
    draw.rectangle((24, 24, WIDTH - 24, HEIGHT - 24), outline=frame, width=10)
    draw.rectangle((44, 44, WIDTH - 44, HEIGHT - 44), outline=frame, width=2)
    dx, dy = rng.randint(-8, 8), rng.randint(-6, 6)
    title = load_font(bold[0], 96)
    _spaced(draw, (470 + dx, 120 + dy), "营业执照", title, 36)
    small = load_font(regular[0], 26)
    draw.text((90 + dx, 80 + dy), "统一社会信用代码", font=small, fill=INK)
    draw.text((90 + dx, 116 + dy), company.uscc, font=load_font(regular[0], 30), fill=INK)
    label = load_font(bold[0], 30)
    value_font = load_font(rng.choice(regular), 30)
    values = company.fields()
    values["established"] = _printed_date(company.established)
    for name, field, label_x, value_x, y, width in _FIELDS:
        _spaced(draw, (label_x + dx, y + dy), name, label, 6 if len(name) > 2 else 40)
        for row, text in enumerate(wrap(values[field], value_font, width)[:2]):
            draw.text((value_x + dx, y + dy + row * 42), text, font=value_font, fill=INK)
    draw.text((900 + dx, 820 + dy), "登记机关", font=label, fill=INK)
    issued = _printed_date(date.fromisoformat(company.established).isoformat())
    draw.text((900 + dx, 870 + dy), issued, font=value_font, fill=INK)
    return page


def _printed_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


def _spaced(
    draw: ImageDraw.ImageDraw,
    xy: tuple[int, int],
    text: str,
    font: ImageFont.FreeTypeFont,
    gap: int,
) -> None:
    x, y = xy
    for ch in text:
        draw.text((x, y), ch, font=font, fill=INK)
        x += round(font.getlength(ch)) + gap
