"""Light on the second renderer's cards: a lamp's falloff, a colour cast, a hand's shadow.

Applied to the flat card before it is photographed (``degrade.degrade_photo``), so a scan of it
keeps the uneven light a careless copy or a generator's "realistic" mode bakes in.
"""

from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

#: (red, green, blue) gains of the casts: warm lamp, cool daylight, green fluorescent, none
CASTS: tuple[tuple[float, float, float], ...] = (
    (1.06, 1.0, 0.86),
    (0.9, 0.98, 1.08),
    (0.94, 1.05, 0.92),
    (1.0, 1.0, 1.0),
)


def light(card: Image.Image, rng: random.Random) -> Image.Image:
    """``card`` under a lamp off to one side, in a cast, sometimes with a shadow over a corner."""
    pixels = np.asarray(card.convert("RGB"), dtype=np.float32)
    pixels *= _falloff(card.size, rng)[..., None]
    pixels *= np.array(rng.choice(CASTS), dtype=np.float32)
    if rng.random() < 0.4:
        pixels *= _shadow(card.size, rng)[..., None]
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8))


def _falloff(size: tuple[int, int], rng: random.Random) -> np.ndarray:
    """Brightness falling linearly across the card, towards a random side, to 0.72-0.9."""
    w, h = size
    angle = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    along = (xx / w - 0.5) * np.cos(angle) + (yy / h - 0.5) * np.sin(angle)
    darkest = rng.uniform(0.72, 0.9)
    spread = max(float(np.ptp(along)), 1e-6)
    falloff: np.ndarray = 1.0 - (1.0 - darkest) * (along - along.min()) / spread
    return falloff


def _shadow(size: tuple[int, int], rng: random.Random) -> np.ndarray:
    """A soft shadow of a hand or a phone over one corner, at 0.65-0.8 of the light."""
    w, h = size
    mask = Image.new("L", size, 0)
    cx = rng.choice((0, w))
    cy = rng.choice((0, h))
    rx, ry = rng.uniform(0.15, 0.3) * w, rng.uniform(0.25, 0.45) * h
    ImageDraw.Draw(mask).ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=255)
    soft = np.asarray(mask.filter(ImageFilter.GaussianBlur(25)), dtype=np.float32) / 255.0
    return 1.0 - (1.0 - rng.uniform(0.65, 0.8)) * soft
