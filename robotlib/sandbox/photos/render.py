"""Photos of the synthetic cards: one job per card side, rendered in parallel processes.

Each photo has its own random stream (``PhotoJob.seed``), so rendering them in parallel, or in
any order, changes nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from robotlib.model.result import IdentityFields
from robotlib.sandbox.cards import alt, id_card
from robotlib.sandbox.cards.id_card import ADDRESS_LEFT, ADDRESS_RIGHT
from robotlib.sandbox.photos.degrade import Level, degrade_photo, save_jpeg
from robotlib.sandbox.photos.licence_photos import LicenceJob, make_licence_photo
from robotlib.sandbox.scenarios.cases import Photo

ProgressCallback = Callable[[int, int], None]

#: the folder of the photos, relative to the world's folder
IMAGES = "images"
#: the card renderers, by name: (front, back). Worlds use the sandbox's own (first);
#: ``bench/decisions.py --renderer alt`` draws the cards with the second, independent one
CARD_RENDERERS = {
    "first": (id_card.render_front, id_card.render_back),
    "alt": (alt.render_front, alt.render_back),
}


@dataclass(frozen=True)
class PhotoJob:
    """One image file to produce; ``seed`` alone decides its pixels."""

    path: Path
    front: bool
    fields: IdentityFields
    kind: Photo
    seed: str
    #: how hard the photo is to read (``bench/decisions.py`` mixes levels; worlds are phone)
    level: Level = Level.PHONE
    #: the card renderer (``CARD_RENDERERS``) the card is drawn with
    renderer: str = "first"


def photo_path(ref: str, side: str) -> str:
    """Where the photo of one side of application ``ref`` is, relative to the world's folder."""
    return f"{IMAGES}/{ref}-{side}.jpg"


def render_photos(
    jobs: Sequence[PhotoJob | LicenceJob],
    on_progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> None:
    """Produce every job's file, in ``workers`` processes when there is enough to do."""
    total = len(jobs)
    report = on_progress or (lambda done, total: None)
    workers = workers or min(2, os.cpu_count() or 1)
    if workers <= 1 or total < 8:
        for done, job in enumerate(jobs, start=1):
            make_photo(job)
            report(done, total)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_process_context()) as pool:
        futures = [pool.submit(make_photo, job) for job in jobs]
        for done, future in enumerate(as_completed(futures), start=1):
            future.result()
            report(done, total)


def _process_context() -> multiprocessing.context.BaseContext:
    # fork starts fastest and needs no importable __main__, but a child forked while another
    # thread runs (a progress bar's refresher) may inherit a held lock: then spawn
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def make_photo(job: PhotoJob | LicenceJob) -> None:
    """Write the file of one card side: a phone photo, or the broken file the scenario wants;
    or the photo of a business licence."""
    if isinstance(job, LicenceJob):
        make_licence_photo(job)
        return
    rng = random.Random(job.seed)
    if job.kind is Photo.NOISE:
        job.path.write_bytes(rng.randbytes(rng.randint(20_000, 80_000)))
        return
    render_front, render_back = CARD_RENDERERS[job.renderer]
    card = render_front(job.fields, rng) if job.front else render_back(job.fields, rng)
    if job.kind is Photo.COVERED:
        cover_name_and_number(card, rng)
    save_jpeg(degrade_photo(card, rng, job.level), job.path)
    if job.kind is Photo.TRUNCATED:
        data = job.path.read_bytes()
        job.path.write_bytes(data[: int(len(data) * rng.uniform(0.3, 0.6))])


def cover_name_and_number(card: Image.Image, rng: random.Random) -> None:
    """A paper sticker over the name and a thumb over the number (on the card's own layout)."""
    draw = ImageDraw.Draw(card)
    jitter = rng.randint(-4, 4)
    paper = rng.choice(((250, 228, 120), (244, 244, 238), (255, 205, 210)))
    name_box = (ADDRESS_LEFT - 22 + jitter, 50 + jitter, ADDRESS_RIGHT + 24, 128)
    draw.rounded_rectangle(name_box, radius=6, fill=paper)
    skin = rng.choice(((226, 176, 146), (205, 150, 120), (238, 198, 170)))
    shade = tuple(max(0, c - 24) for c in skin)
    draw.rounded_rectangle((230 + jitter, 420, card.width + 60, card.height + 120), 70, fill=shade)
    draw.rounded_rectangle((238 + jitter, 426, card.width + 60, card.height + 120), 66, fill=skin)
    nail = tuple(min(255, c + 22) for c in skin)
    draw.rounded_rectangle((262 + jitter, 446, 372 + jitter, 530), radius=36, fill=nail)
