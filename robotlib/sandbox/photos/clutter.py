"""A busy desk under the card: printed matter, coloured shapes and stray numbers.

A real upload may show the card on a newspaper, a form or a receipt: text the reader must not
take for the card's. The clutter is drawn straight onto the photo's background, before the card
is laid on it.
"""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from robotlib.sandbox.cards.fonts import find_cjk_fonts, load_font

#: newspaper-ish text: common characters, place names, words a form would print
_PRINT = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都"
    "北京上海广东四川江苏浙江湖南河南山东银行开户申请表客户服务中心营业厅电话地址日期金额合计"
)
_SHAPE_COLOURS = ((190, 40, 40), (30, 90, 170), (240, 200, 60), (40, 140, 80), (120, 120, 120))


def draw_clutter(photo: Image.Image, rng: random.Random) -> None:
    """Draw shapes, lines of print and numbers over ``photo`` (in place)."""
    draw = ImageDraw.Draw(photo)
    width, height = photo.size
    for _ in range(rng.randint(1, 2)):
        # a sheet of newsprint under most of the text
        x, y = rng.randrange(-200, width // 2), rng.randrange(-200, height // 2)
        shade = rng.randint(215, 240)
        draw.rectangle(
            (x, y, x + rng.randint(500, 900), y + rng.randint(400, 800)), fill=(shade,) * 3
        )
    for _ in range(rng.randint(3, 6)):
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randint(60, 400), rng.randint(40, 300)
        draw.rectangle((x, y, x + w, y + h), fill=rng.choice(_SHAPE_COLOURS))
    fonts = find_cjk_fonts()
    for _ in range(rng.randint(25, 40)):
        font = load_font(rng.choice(fonts), rng.randint(18, 40))
        if rng.random() < 0.25:
            text = "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 11)))
        else:
            text = "".join(rng.choice(_PRINT) for _ in range(rng.randint(3, 14)))
        ink = rng.randint(10, 80)
        xy = (rng.randrange(-50, width), rng.randrange(-20, height))
        draw.text(xy, text, font=font, fill=(ink, ink, ink + rng.randint(0, 30)))
