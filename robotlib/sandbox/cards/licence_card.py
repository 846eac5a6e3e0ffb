"""Rendering a synthetic business licence (营业执照), scaled to 1400 x 990 px.

Two layouts, so the parser is not tuned to one: ``TWO_COLUMN`` (the 2016 layout: labels in a
left and a right column, values beside them, the credit code top left, spaced bold labels) and
``ONE_COLUMN`` (an older style: one column in another order, labels with a colon in a regular
face, the credit code top right on the label's row, a term and a scope row in between).
Everything synthetic.
"""

from __future__ import annotations

import random
from datetime import date
from enum import StrEnum

from PIL import Image, ImageDraw, ImageFont

from robotlib.sandbox.cards.fonts import find_cjk_fonts, load_font
from robotlib.sandbox.cards.id_card import wrap
from robotlib.sandbox.people.companies import Company

WIDTH = 1400
HEIGHT = 990
INK = (24, 24, 28)


class LicenceLayout(StrEnum):
    """How the licence places its fields."""

    #: the 2016 layout: two columns of label / value pairs
    TWO_COLUMN = "two_column"
    #: one column, another field order, labels with colons, the code top right
    ONE_COLUMN = "one_column"


#: (label, field, label x, value x, y, value width)
_TWO_COLUMN = (
    ("名称", "name", 110, 310, 330, 420),
    ("类型", "type", 110, 310, 410, 420),
    ("法定代表人", "legal_representative", 110, 310, 490, 420),
    ("注册资本", "registered_capital", 760, 910, 330, 420),
    ("成立日期", "established", 760, 910, 410, 420),
    ("住所", "address", 760, 910, 490, 420),
)
_ONE_COLUMN = (
    ("名称：", "name", 160, 420, 300, 820),
    ("类型：", "type", 160, 420, 370, 820),
    ("住所：", "address", 160, 420, 440, 820),
    ("法定代表人：", "legal_representative", 160, 420, 540, 820),
    ("注册资本：", "registered_capital", 160, 420, 610, 820),
    ("成立日期：", "established", 160, 420, 680, 820),
    ("营业期限：", "term", 160, 420, 750, 820),
)
#: where the credit code and the company name are printed (before the random shift)
CODE_BOX = {
    LicenceLayout.TWO_COLUMN: (90, 110, 420, 150),
    LicenceLayout.ONE_COLUMN: (1000, 200, 1320, 236),
}
NAME_BOX = {
    LicenceLayout.TWO_COLUMN: (310, 330, 730, 372),
    LicenceLayout.ONE_COLUMN: (420, 300, 1240, 336),
}


def render_licence(
    company: Company, rng: random.Random, layout: LicenceLayout = LicenceLayout.TWO_COLUMN
) -> Image.Image:
    """The licence of ``company`` in ``layout``, with a little variation in tint and placement."""
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
    value_font = load_font(rng.choice(regular), 30)
    values = company.fields()
    values["established"] = _printed_date(company.established)
    values["term"] = f"{values['established']}至长期"
    if layout is LicenceLayout.TWO_COLUMN:
        _spaced(draw, (470 + dx, 120 + dy), "营业执照", load_font(bold[0], 96), 36)
        small = load_font(regular[0], 26)
        draw.text((90 + dx, 80 + dy), "统一社会信用代码", font=small, fill=INK)
        draw.text((90 + dx, 116 + dy), company.uscc, font=load_font(regular[0], 30), fill=INK)
        label = load_font(bold[0], 30)
        for name, field, label_x, value_x, y, width in _TWO_COLUMN:
            _spaced(draw, (label_x + dx, y + dy), name, label, 6 if len(name) > 2 else 40)
            for row, text in enumerate(wrap(values[field], value_font, width)[:2]):
                draw.text((value_x + dx, y + dy + row * 42), text, font=value_font, fill=INK)
        registrar = (900 + dx, 820 + dy)
    else:
        _spaced(draw, (440 + dx, 80 + dy), "营业执照", load_font(bold[0], 84), 60)
        label = load_font(regular[-1], 30)
        code = f"统一社会信用代码：{company.uscc}"
        draw.text((1320 + dx - round(label.getlength(code)), 200 + dy), code, font=label, fill=INK)
        for name, field, label_x, value_x, y, width in _ONE_COLUMN:
            draw.text((label_x + dx, y + dy), name, font=label, fill=INK)
            for row, text in enumerate(wrap(values[field], value_font, width)[:2]):
                draw.text((value_x + dx, y + dy + row * 42), text, font=value_font, fill=INK)
        registrar = (160 + dx, 840 + dy)
    draw.text(registrar, "登记机关", font=label, fill=INK)
    issued = _printed_date(date.fromisoformat(company.established).isoformat())
    draw.text((registrar[0], registrar[1] + 50), issued, font=value_font, fill=INK)
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
