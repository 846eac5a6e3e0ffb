"""Turning a clean card rendering into a scan or a photo of it, at a chosen difficulty.

``PHONE`` (the default, used by the demo world) is deliberately moderate: the default OCR must
still read every field, yet the image has the faults real uploads have (tilt, perspective, blur,
noise, glare, exposure, JPEG). ``SCAN`` is a flatbed scan; ``HARD`` is the worst a customer
sends: the card on a busy, printed background, turned by a multiple of 90 degrees, strongly
blurred, in low light and heavily JPEG-compressed.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from robotlib.sandbox.photos.clutter import draw_clutter

#: photo size; phones send more, but intake downsizes to about this anyway
PHOTO_SIZE = (1280, 960)
MAX_ROTATION_DEGREES = 8.0

Span = tuple[float, float]


class Level(StrEnum):
    """How hard a photo is to read."""

    #: a flatbed scan: straight, sharp, well lit, light JPEG
    SCAN = "scan"
    #: a phone photo on a desk: tilt, perspective, some blur, noise, glare
    PHONE = "phone"
    #: busy background, 90-degree turns, strong blur, low light, heavy JPEG
    HARD = "hard"


@dataclass(frozen=True)
class _Faults:
    """The ranges each fault is drawn from, for one level."""

    scale: Span
    rotation: float
    blur: Span
    gain: Span
    noise: Span
    quality: tuple[int, int]
    glare: bool = True
    busy: bool = False
    quarter_turns: bool = False
    paper: bool = False


_FAULTS = {
    Level.SCAN: _Faults(
        scale=(0.82, 0.9), rotation=1.5, blur=(0.2, 0.5), gain=(0.98, 1.05), noise=(0.5, 1.5),
        quality=(88, 95), glare=False, paper=True,
    ),
    Level.PHONE: _Faults(
        scale=(0.70, 0.82), rotation=MAX_ROTATION_DEGREES, blur=(0.4, 1.1), gain=(0.85, 1.12),
        noise=(2.0, 5.0), quality=(72, 90),
    ),
    Level.HARD: _Faults(
        scale=(0.62, 0.74), rotation=MAX_ROTATION_DEGREES, blur=(1.3, 1.9), gain=(0.35, 0.55),
        noise=(4.0, 8.0), quality=(18, 35), busy=True, quarter_turns=True,
    ),
}  # fmt: skip


def degrade_photo(
    image: Image.Image, rng: random.Random, level: Level = Level.PHONE
) -> Image.Image:
    """A photo of the card ``image`` with the faults of ``level`` (default: a phone photo).

    The same ``rng`` state always yields the same photo.
    """
    faults = _FAULTS[level]
    nrng = np.random.default_rng(rng.getrandbits(64))
    card = image.convert("RGB")
    photo = _paper(rng) if faults.paper else _table(rng, nrng)
    if faults.busy:
        draw_clutter(photo, rng)
    warped, mask = _place(card, rng, faults)
    photo.paste(_shadow(mask, rng), (0, 0), _shadow_mask(mask, rng))
    photo.paste(warped, (0, 0), mask)
    photo = photo.filter(ImageFilter.GaussianBlur(rng.uniform(*faults.blur)))
    pixels = np.asarray(photo, dtype=np.float32)
    pixels = _exposure(pixels, rng, faults.gain)
    if faults.glare:
        pixels = _glare(pixels, rng)
    pixels += nrng.normal(0.0, rng.uniform(*faults.noise), pixels.shape).astype(np.float32)
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    photo = _recompress(photo, rng.randint(*faults.quality))
    if faults.quarter_turns:
        photo = photo.rotate(90 * rng.randint(0, 3), expand=True)
    return photo


def save_jpeg(image: Image.Image, path: Path, quality: int = 85) -> None:
    """Save ``image`` as a baseline JPEG as a phone camera would (no EXIF)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image.convert("RGB").save(path, format="JPEG", quality=quality, optimize=True)


def _table(rng: random.Random, nrng: np.random.Generator) -> Image.Image:
    """A desk surface: a base colour with grain, a few long streaks and a vignette."""
    w, h = PHOTO_SIZE
    base = rng.choice(
        [(120, 86, 58), (160, 124, 88), (90, 92, 96), (200, 198, 190), (60, 70, 84), (140, 40, 40)]
    )
    grain = nrng.normal(0.0, 1.0, (h // 8, w // 8)).astype(np.float32)
    grain_img = Image.fromarray(((grain + 3) * 40).clip(0, 255).astype(np.uint8)).resize(
        (w, h), Image.Resampling.BICUBIC
    )
    texture = (np.asarray(grain_img, dtype=np.float32) - 120.0) / 255.0 * 40.0
    streaks = np.sin(np.arange(h, dtype=np.float32)[:, None] / rng.uniform(5, 14)) * 6.0
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    vignette = 1.0 - 0.25 * (((xx - w / 2) / w) ** 2 + ((yy - h / 2) / h) ** 2) * 2
    pixels = (np.array(base, dtype=np.float32) + (texture + streaks)[..., None]) * vignette[
        ..., None
    ]
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8))


def _paper(rng: random.Random) -> Image.Image:
    """The white lid of a flatbed scanner."""
    shade = rng.randint(240, 252)
    return Image.new("RGB", PHOTO_SIZE, (shade, shade, shade))


def _place(
    card: Image.Image, rng: random.Random, faults: _Faults
) -> tuple[Image.Image, Image.Image]:
    """Scale, rotate and perspective-warp the card onto the photo canvas; return it and its mask."""
    import cv2

    w, h = PHOTO_SIZE
    rounded = Image.new("L", card.size, 0)
    ImageDraw.Draw(rounded).rounded_rectangle((0, 0, *card.size), radius=32, fill=255)
    scale = rng.uniform(*faults.scale) * w / card.width
    cw, ch = card.width * scale, card.height * scale
    corners = np.array([[-cw / 2, -ch / 2], [cw / 2, -ch / 2], [cw / 2, ch / 2], [-cw / 2, ch / 2]])
    # Perspective: the edge nearer the camera looks a little longer.
    tilt_x = rng.uniform(-0.05, 0.05)
    tilt_y = rng.uniform(-0.05, 0.05)
    corners[:, 0] *= 1 + tilt_y * np.sign(corners[:, 1])
    corners[:, 1] *= 1 + tilt_x * np.sign(corners[:, 0])
    angle = np.deg2rad(rng.uniform(-faults.rotation, faults.rotation))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    corners = corners @ rotation.T
    centre = np.array([w / 2 + rng.uniform(-0.05, 0.05) * w, h / 2 + rng.uniform(-0.05, 0.05) * h])
    corners += centre
    source = np.array(
        [[0, 0], [card.width, 0], [card.width, card.height], [0, card.height]], dtype=np.float32
    )
    matrix = cv2.getPerspectiveTransform(source, corners.astype(np.float32))
    warped = cv2.warpPerspective(np.asarray(card), matrix, (w, h), flags=cv2.INTER_CUBIC)
    mask = cv2.warpPerspective(np.asarray(rounded), matrix, (w, h), flags=cv2.INTER_LINEAR)
    return Image.fromarray(warped), Image.fromarray(mask)


def _shadow(mask: Image.Image, rng: random.Random) -> Image.Image:
    shade = rng.randint(15, 40)
    return Image.new("RGB", mask.size, (shade, shade, shade))


def _shadow_mask(mask: Image.Image, rng: random.Random) -> Image.Image:
    """The card's soft drop shadow, offset away from an imagined light."""
    shifted = Image.new("L", mask.size, 0)
    shifted.paste(mask, (rng.randint(4, 14), rng.randint(4, 14)))
    blurred = shifted.filter(ImageFilter.GaussianBlur(10))
    return blurred.point(lambda v: v * 0.45)


def _exposure(pixels: np.ndarray, rng: random.Random, gain_span: Span) -> np.ndarray:
    """Brightness, contrast and a colour cast (white balance) change."""
    gain = rng.uniform(*gain_span)
    contrast = rng.uniform(0.85, 1.05)
    cast = np.array([rng.uniform(0.94, 1.06) for _ in range(3)], dtype=np.float32)
    mean = pixels.mean()
    exposed: np.ndarray = ((pixels - mean) * contrast + mean) * gain * cast
    return exposed


def _glare(pixels: np.ndarray, rng: random.Random) -> np.ndarray:
    """A soft elliptical highlight, as from a ceiling lamp on the card's laminate."""
    h, w = pixels.shape[:2]
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    rx = rng.uniform(0.05, 0.13) * w
    ry = rx * rng.uniform(0.4, 1.0)
    tilt = rng.uniform(0, np.pi)
    strength = rng.uniform(0.35, 0.6)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = (xx - cx) * np.cos(tilt) + (yy - cy) * np.sin(tilt)
    b = -(xx - cx) * np.sin(tilt) + (yy - cy) * np.cos(tilt)
    blob = np.exp(-((a / rx) ** 2 + (b / ry) ** 2) / 2) * strength
    glared: np.ndarray = pixels * (1 - blob[..., None]) + 255.0 * blob[..., None]
    return glared


def _recompress(photo: Image.Image, quality: int) -> Image.Image:
    """Round-trip through JPEG so the block artefacts of the camera pipeline are in the pixels."""
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert("RGB")
