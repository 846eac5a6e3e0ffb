"""The second renderer's card stock: a pale tint with a rosette of rings, and its ink colours."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw, ImageFont

#: the card in card pixels (10 px per mm, 85.6 x 54 mm), as the reader's layout expects
WIDTH, HEIGHT = 856, 540

Rgb = tuple[int, int, int]

#: label inks: slate, teal, brown (the first renderer prints labels in a light blue)
LABEL_INKS: tuple[Rgb, ...] = ((52, 72, 98), (24, 96, 104), (96, 64, 40))
#: value inks: near black, a little warm or cool
VALUE_INKS: tuple[Rgb, ...] = ((10, 10, 10), (30, 24, 20), (16, 22, 34))


def blank_card(rng: random.Random) -> Image.Image:
    """A pale card with a rosette of thin rings around a point off its centre."""
    tint = (rng.randint(236, 250), rng.randint(236, 250), rng.randint(228, 246))
    card = Image.new("RGB", (WIDTH, HEIGHT), tint)
    draw = ImageDraw.Draw(card)
    ring = tuple(max(c - rng.randint(10, 22), 0) for c in tint)
    cx, cy = rng.uniform(0.3, 0.7) * WIDTH, rng.uniform(0.3, 0.7) * HEIGHT
    for radius in range(12, WIDTH, rng.randint(14, 22)):
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=ring, width=1)
    return card


def spaced_text(
    draw: ImageDraw.ImageDraw,
    x: float,
    y: float,
    text: str,
    font: ImageFont.FreeTypeFont,
    ink: Rgb,
    gap: float,
) -> float:
    """Draw ``text`` one character at a time with ``gap`` pixels between; returns the end x."""
    for ch in text:
        draw.text((x, y), ch, font=font, fill=ink)
        x += draw.textlength(ch, font=font) + gap
    return x
