"""Photos of synthetic business licences, made like the ID card photos (``photos``)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from robotlib.sandbox.cards.licence_card import CODE_BOX, NAME_BOX, LicenceLayout, render_licence
from robotlib.sandbox.people.companies import Company
from robotlib.sandbox.photos.degrade import degrade_photo, save_jpeg
from robotlib.sandbox.scenarios.cases import Photo


@dataclass(frozen=True)
class LicenceJob:
    """One licence photo to produce; ``seed`` alone decides its pixels."""

    path: Path
    company: Company
    kind: Photo
    seed: str
    layout: LicenceLayout = LicenceLayout.TWO_COLUMN


def make_licence_photo(job: LicenceJob) -> None:
    """Write the phone photo of a licence, covered when the scenario wants it."""
    rng = random.Random(job.seed)
    page = render_licence(job.company, rng, job.layout)
    if job.kind is Photo.COVERED:
        cover_code_and_name(page, job.layout, rng)
    save_jpeg(degrade_photo(page, rng), job.path)


def cover_code_and_name(page: Image.Image, layout: LicenceLayout, rng: random.Random) -> None:
    """Paper stickers over the credit code and the company name."""
    draw = ImageDraw.Draw(page)
    paper = rng.choice(((250, 228, 120), (244, 244, 238), (255, 205, 210)))
    for left, top, right, bottom in (CODE_BOX[layout], NAME_BOX[layout]):
        jitter = rng.randint(-6, 6)
        draw.rounded_rectangle(
            (left - 20 + jitter, top - 14, right + 20, bottom + 14), radius=8, fill=paper
        )
