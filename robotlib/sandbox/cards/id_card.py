"""Rendering synthetic 2nd-generation resident identity cards (both sides).

The layout follows the real card at about 10 px/mm (85.6 x 54 mm -> 856 x 540 px). Everything
drawn is synthetic; the portrait is a drawn silhouette, never a face.
"""

from __future__ import annotations

import colorsys
import math
import random
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from robotlib.model.result import IdentityFields
from robotlib.sandbox.cards.fonts import CjkFont, find_cjk_fonts, has_glyphs, load_font

WIDTH = 856
HEIGHT = 540

LABEL_COLOUR = (0, 112, 176)
VALUE_COLOUR = (18, 18, 22)
LABEL_SIZE = 26
VALUE_SIZE = 31
NUMBER_SIZE = 36
#: the address column ends before the portrait
ADDRESS_LEFT = 182
ADDRESS_RIGHT = 528
ADDRESS_LEADING = 44
ADDRESS_LINES = 3
MIN_ADDRESS_SIZE = 24

Rgb = tuple[int, int, int]


@dataclass(frozen=True)
class _Style:
    """The per-card choices that make two renderings of the same person differ."""

    label_font: CjkFont
    value_font: CjkFont
    tint_top: Rgb
    tint_bottom: Rgb
    wave_colour: Rgb
    wave_phase: float
    dx: int
    dy: int


def render_front(fields: IdentityFields, rng: random.Random) -> Image.Image:
    """The portrait side: name, sex, ethnicity, birth date, address, number, portrait.

    Missing fields are left blank (the world generator may render deliberately broken cards).
    """
    style = _pick_style(rng, fields.name or "", fields.address or "")
    card = _background(style, rng)
    draw = ImageDraw.Draw(card)
    label_font = load_font(style.label_font, LABEL_SIZE)

    def label(x: int, y: int, text: str) -> None:
        _text(draw, (x + style.dx, y + style.dy), text, label_font, LABEL_COLOUR)

    def value(x: int, y: int, text: str, size: int = VALUE_SIZE, spacing: int = 0) -> None:
        font = load_font(style.value_font, size)
        _text(draw, (x + style.dx, y + style.dy), text, font, VALUE_COLOUR, spacing)

    label(74, 78, "姓　名")
    value(ADDRESS_LEFT, 74, fields.name or "")
    label(74, 146, "性　别")
    value(ADDRESS_LEFT, 142, fields.sex or "")
    label(300, 146, "民　族")
    value(408, 142, fields.ethnicity or "")
    label(74, 212, "出　生")
    if fields.birth_date:
        born = date.fromisoformat(fields.birth_date)
        value(ADDRESS_LEFT, 208, str(born.year))
        label(266, 212, "年")
        value(312, 208, str(born.month).rjust(2))
        label(356, 212, "月")
        value(398, 208, str(born.day).rjust(2))
        label(442, 212, "日")
    label(74, 280, "住　址")
    size, lines = _address_lines(style, fields.address or "")
    for row, line in enumerate(lines):
        value(ADDRESS_LEFT, 276 + row * ADDRESS_LEADING, line, size=size)
    label(74, 456, "公民身份号码")
    # The number is printed letter-spaced in a larger size (OCR-B on the real card).
    value(286, 450, fields.id_number or "", size=NUMBER_SIZE, spacing=5)
    left, top = 560 + style.dx, 60 + style.dy
    _portrait(card, (left, top, left + 252, top + 340), rng)
    return card


def render_back(fields: IdentityFields, rng: random.Random) -> Image.Image:
    """The emblem side: title, issuing authority and validity period."""
    style = _pick_style(rng, fields.issuing_authority or "")
    card = _background(style, rng)
    draw = ImageDraw.Draw(card)
    ox, oy = style.dx, style.dy
    _emblem(draw, (110 + ox, 120 + oy), 74)
    title = load_font(style.label_font, 40)
    _text(draw, (262 + ox, 72 + oy), "中华人民共和国", title, VALUE_COLOUR, spacing=14)
    big = load_font(style.label_font, 64)
    _text(draw, (230 + ox, 150 + oy), "居民身份证", big, VALUE_COLOUR, spacing=26)
    label = load_font(style.label_font, LABEL_SIZE)
    _text(draw, (160 + ox, 392 + oy), "签发机关", label, VALUE_COLOUR, spacing=2)
    _text(draw, (160 + ox, 458 + oy), "有效期限", label, VALUE_COLOUR, spacing=2)
    value = load_font(style.value_font, VALUE_SIZE)
    _text(draw, (310 + ox, 388 + oy), fields.issuing_authority or "", value, VALUE_COLOUR)
    validity = validity_text(fields.valid_from, fields.valid_to)
    _text(draw, (310 + ox, 454 + oy), validity, value, VALUE_COLOUR)
    return card


def validity_text(valid_from: str | None, valid_to: str | None) -> str:
    """``2015.03.07-2035.03.07`` or ``2015.03.07-长期`` from ISO dates, as printed."""
    if not valid_from:
        return ""
    start = valid_from.replace("-", ".")
    end = valid_to.replace("-", ".") if valid_to else ""
    return f"{start}-{end}"


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` pixels, as the card printer does."""
    lines: list[str] = []
    current = ""
    for ch in text:
        if current and font.getlength(current + ch) > width:
            lines.append(current)
            current = ""
        current += ch
    if current:
        lines.append(current)
    return lines


def _pick_style(rng: random.Random, *texts: str) -> _Style:
    fonts = find_cjk_fonts()
    regular = [f for f in fonts if not f.bold] or list(fonts)
    preferred = [f for f in regular if not f.fallback] or regular
    bold_sans = [f for f in fonts if f.bold and f.style == "sans"] or regular
    # Real cards print values in a sans face; a serif now and then varies the look.
    weights = [3 if f.style == "sans" else 1 for f in preferred]
    value_font = rng.choices(preferred, weights=weights)[0]
    # A face without a glyph would draw tofu boxes; fall back to one that has them all.
    if not all(has_glyphs(value_font, t) for t in texts):
        value_font = next((f for f in regular if all(has_glyphs(f, t) for t in texts)), value_font)
    hue = rng.random()
    top = _pale(hue, 0.10)
    bottom = _pale((hue + 0.45) % 1.0, 0.08)
    wave = _pale((hue + 0.2) % 1.0, 0.22, lightness=0.86)
    return _Style(
        label_font=bold_sans[0],
        value_font=value_font,
        tint_top=top,
        tint_bottom=bottom,
        wave_colour=wave,
        wave_phase=rng.uniform(0, 2 * math.pi),
        dx=rng.randint(-6, 6),
        dy=rng.randint(-5, 5),
    )


def _pale(hue: float, saturation: float, lightness: float = 0.95) -> Rgb:
    r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation * 4)
    return (round(r * 255), round(g * 255), round(b * 255))


def _background(style: _Style, rng: random.Random) -> Image.Image:
    """A pale two-tone gradient with a faint guilloche of sine waves."""
    top = Image.new("RGB", (WIDTH, HEIGHT), style.tint_top)
    bottom = Image.new("RGB", (WIDTH, HEIGHT), style.tint_bottom)
    mask = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    card = Image.composite(bottom, top, mask)
    draw = ImageDraw.Draw(card)
    period = rng.uniform(90, 150)
    amplitude = rng.uniform(10, 22)
    for row in range(-20, HEIGHT + 20, 18):
        points = [
            (x, row + amplitude * math.sin(x / period * 2 * math.pi + style.wave_phase + row / 40))
            for x in range(0, WIDTH + 8, 8)
        ]
        draw.line(points, fill=style.wave_colour, width=1)
    return card


def _address_lines(style: _Style, address: str) -> tuple[int, list[str]]:
    """The address wrapped to at most three lines, in a smaller size if it needs one."""
    for size in range(VALUE_SIZE, MIN_ADDRESS_SIZE - 1, -1):
        lines = wrap(address, load_font(style.value_font, size), ADDRESS_RIGHT - ADDRESS_LEFT)
        if len(lines) <= ADDRESS_LINES:
            break
    return size, lines


def _text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[int, int],
    text: str,
    font: ImageFont.FreeTypeFont,
    colour: Rgb,
    spacing: int = 0,
) -> None:
    """Draw ``text`` with extra ``spacing`` pixels between characters (cards are letter-spaced)."""
    if not spacing:
        draw.text(xy, text, font=font, fill=colour)
        return
    x, y = xy
    for ch in text:
        draw.text((x, y), ch, font=font, fill=colour)
        x += round(font.getlength(ch)) + spacing


def _portrait(card: Image.Image, box: tuple[int, int, int, int], rng: random.Random) -> None:
    """A head-and-shoulders silhouette on a plain photo background, clipped to ``box``."""
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    shade = rng.randint(235, 250)
    photo = Image.new("RGB", (width, height), (shade, shade, min(shade + 5, 255)))
    draw = ImageDraw.Draw(photo)
    tone = rng.randint(70, 130)
    figure = (tone, tone + 8, tone + 20)
    cx = width / 2
    head_w = width * 0.36
    head_top = height * 0.16
    head_bottom = head_top + head_w * 1.3
    draw.ellipse((cx - head_w / 2, head_top, cx + head_w / 2, head_bottom), fill=figure)
    neck = head_w * 0.22
    draw.rectangle((cx - neck, head_bottom - 10, cx + neck, head_bottom + 20), fill=figure)
    shoulders = (width * 0.04, head_bottom + 8, width * 0.96, height * 1.5)
    draw.chord(shoulders, 180, 360, fill=figure)
    card.paste(photo, (left, top))


def _emblem(draw: ImageDraw.ImageDraw, centre: tuple[int, int], radius: int) -> None:
    """A stand-in for the national emblem: red disc, golden ring and star."""
    cx, cy = centre
    gold = (214, 168, 40)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=(200, 30, 30))
    inner = radius - 8
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=gold, width=4)
    star = []
    for k in range(10):
        r = radius * (0.5 if k % 2 == 0 else 0.2)
        angle = -math.pi / 2 + k * math.pi / 5
        star.append((cx + r * math.cos(angle), cy - radius * 0.12 + r * math.sin(angle)))
    draw.polygon(star, fill=gold)
    for k in range(5):
        x = cx - radius * 0.55 + k * radius * 0.27
        draw.rectangle((x, cy + radius * 0.45, x + radius * 0.12, cy + radius * 0.62), fill=gold)
