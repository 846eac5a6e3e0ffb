"""Accuracy of the card reader on synthetic phone photos (a script, not a test).

Renders N people's cards (both sides) with the sandbox, degrades them to phone photos, saves
them as JPEG, reads them back through intake + RapidOCR + the parser, and reports the exact-match
rate per field and the time per image:

    .venv/bin/python bench/card_accuracy.py --cards 40 --seed 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from robotlib.documents.idcard import read_card
from robotlib.documents.image import load_image
from robotlib.documents.reading import Side
from robotlib.ocr.engine import OcrEngine
from robotlib.ocr.rapid import RapidOcrEngine, rapid_engine
from robotlib.sandbox.cards import render_back, render_front
from robotlib.sandbox.degrade import degrade_photo, save_jpeg
from robotlib.sandbox.people import PersonFactory

FIELDS = (
    "name", "sex", "ethnicity", "birth_date", "address", "id_number",
    "issuing_authority", "valid_from", "valid_to",
)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=1, help="onnxruntime intra-op threads")
    parser.add_argument("--keep", type=Path, help="keep the photos in this folder")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a RapidOCR setting to try, e.g. Det.thresh=0.2",
    )
    args = parser.parse_args()
    overrides = {k: float(v) for k, v in (item.split("=", 1) for item in args.set)}
    engine = RapidOcrEngine(args.threads, overrides) if overrides else rapid_engine(args.threads)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        measure(engine, args.cards, args.seed, args.keep)
        print(f"photos in {args.keep}")
    else:
        with tempfile.TemporaryDirectory(prefix="card-accuracy-") as scratch:
            measure(engine, args.cards, args.seed, Path(scratch))


def measure(engine: OcrEngine, cards: int, seed: int, folder: Path) -> None:
    """Photograph ``cards`` synthetic cards into ``folder``, read them back, print the rates."""
    rng = random.Random(seed)
    factory = PersonFactory(rng=rng, today=dt.date(2026, 11, 1))
    right: Counter[str] = Counter()
    read_ms: list[float] = []
    cards_right = 0
    for index in range(cards):
        fields = factory.person(expired=rng.random() < 0.1).card_fields()
        truth = fields.model_dump()
        got: dict[str, str] = {}
        for side, render in ((Side.FRONT, render_front), (Side.BACK, render_back)):
            path = folder / f"{index:03d}-{side}.jpg"
            save_jpeg(degrade_photo(render(fields, rng), rng), path, quality=rng.randint(80, 92))
            started = time.perf_counter()
            reading = read_card(engine, load_image(path), side)
            read_ms.append((time.perf_counter() - started) * 1000)
            got.update(reading.fields)
        wrong = [name for name in FIELDS if got.get(name) != truth[name]]
        right.update(name for name in FIELDS if name not in wrong)
        cards_right += not wrong
        for name in wrong:
            print(f"card {index:03d} {name}: expected {truth[name]!r}, read {got.get(name)!r}")
    print(f"cards with every field right: {cards_right}/{cards}")
    for name in FIELDS:
        print(f"  {name:18} {right[name] / cards:7.2%}")
    print(f"field exact-match rate: {sum(right.values()) / (cards * len(FIELDS)):.2%}")
    print(
        f"ms per image (load + OCR + parse): median {statistics.median(read_ms):.0f}, "
        f"max {max(read_ms):.0f}, over {len(read_ms)} images"
    )


if __name__ == "__main__":
    main()
