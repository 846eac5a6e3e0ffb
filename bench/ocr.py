"""Accuracy and speed of document reading, per OCR engine and degradation level (a script).

Renders synthetic ID cards (both sides) with the sandbox at three levels (``scan``: a flatbed
scan; ``phone``: a phone photo on a desk; ``hard``: busy background, 90-degree turns, strong
blur, low light, heavy JPEG), saves them as JPEG, reads them back through intake + OCR + the
parser, and reports for each engine and level the per-field exact-match rate, the whole-card
rate, how many values were wrong yet confident (above the bot's threshold: a misread passed
on), which fields were flagged, and the median wall and CPU milliseconds per image (load + OCR
+ parse, one process, one thread; the CPU time is what a quiet machine's wall time would be,
so it stays comparable when other work loads the machine):

    .venv/bin/python bench/ocr.py --cards 100 --engine rapidocr --engine tesseract --docs

``--renderer alt`` draws the cards with the second, independent renderer
(``robotlib.sandbox.cards.alt``: other faces, layout and lighting, three-line addresses, rare
name characters) instead of the project's own (``first``, the default).

An engine may carry RapidOCR settings to compare against in the same run, e.g. the settings
before the speed work (detection at 960 px, no per-character scores)::

    --engine "rapidocr:Det.limit_side_len=960,Global.return_word_box=false,\
Global.return_single_char_box=false"

``--docs`` rewrites the section between ``<!-- bench:ocr:begin -->`` and
``<!-- bench:ocr:end -->`` of docs/benchmarks.md (adding the markers at the end if missing)
and leaves the rest of the file alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docs_section import write_section
from PIL import Image

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.id_card_reading import REQUIRED_FIELDS, second_card_reader
from robotlib.checks.trusted_reading import CONFIDENCE_THRESHOLD, read_trusted
from robotlib.documents.idcard import read_card
from robotlib.documents.reading import CardReading, Side
from robotlib.documents.upload import read_upload
from robotlib.errors import DocumentInvalid
from robotlib.model.result import IdentityFields
from robotlib.ocr.engine import OcrEngine
from robotlib.ocr.rapid import ENGINE_NAME, RapidOcrEngine
from robotlib.plugins.host import get_ocr_engine_factories
from robotlib.sandbox.cards import alt, id_card
from robotlib.sandbox.people.factory import PersonFactory
from robotlib.sandbox.photos.degrade import Level, degrade_photo, save_jpeg

FIELDS = {
    Side.FRONT: ("name", "sex", "ethnicity", "birth_date", "address", "id_number"),
    Side.BACK: ("issuing_authority", "valid_from", "valid_to"),
}
ALL_FIELDS = FIELDS[Side.FRONT] + FIELDS[Side.BACK]
DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


@dataclass(frozen=True)
class Renderer:
    """A card renderer: what it prints for a person, and its two sides."""

    vary: Callable[[IdentityFields, random.Random], IdentityFields]
    front: Callable[[IdentityFields, random.Random], Image.Image]
    back: Callable[[IdentityFields, random.Random], Image.Image]


RENDERERS = {
    "first": Renderer(lambda fields, _: fields, id_card.render_front, id_card.render_back),
    "alt": Renderer(alt.varied_fields, alt.render_front, alt.render_back),
}


@dataclass(frozen=True)
class Sample:
    """One photographed card side and what it says."""

    path: Path
    side: Side
    card: int
    truth: dict[str, str]


@dataclass
class Tally:
    """What one engine made of one level's images."""

    right: Counter[str] = field(default_factory=Counter)
    confident_wrong: Counter[str] = field(default_factory=Counter)
    flagged: Counter[str] = field(default_factory=Counter)
    cards_wrong: set[int] = field(default_factory=set)
    refused: int = 0
    ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    flag_examples: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cards", type=int, default=100, help="cards per level (default 100)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--engine", action="append", help="OCR engine to measure (repeat; default rapidocr)"
    )
    parser.add_argument(
        "--level", action="append", choices=[lv.value for lv in Level], help="default: all three"
    )
    parser.add_argument(
        "--others-cards",
        type=int,
        help="measure engines after the first on only this many cards per level (a quicker "
        "comparison in the same run); default: all",
    )
    parser.add_argument(
        "--renderer",
        choices=sorted(RENDERERS),
        default="first",
        help="first: the sandbox's card renderer (default); alt: the second, independent one",
    )
    parser.add_argument("--threads", type=int, default=1, help="onnxruntime intra-op threads")
    parser.add_argument("--keep", type=Path, help="keep the images in this folder")
    parser.add_argument(
        "--as-bot",
        action="store_true",
        help="count the fields the bot keeps (read_trusted: a second, closer read when a "
        "required field is missing) instead of one read's fields above the threshold",
    )
    parser.add_argument("--docs", action="store_true", help="write the table into " + str(DOCS))
    args = parser.parse_args()
    engines = args.engine or ["rapidocr"]
    levels = [Level(v) for v in args.level] if args.level else list(Level)
    started = time.time()
    load = os.getloadavg()
    commit = _commit()
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as scratch:
        folder = args.keep or Path(scratch)
        renderer = RENDERERS[args.renderer]
        samples = {
            level: make_samples(folder, level, args.cards, args.seed, renderer) for level in levels
        }
        tallies: dict[tuple[str, Level], Tally] = {}
        counts = {name: args.cards for name in engines}
        for name in engines[1:]:
            counts[name] = min(args.others_cards or args.cards, args.cards)
        for name in engines:
            engine = make_engine(name, args.threads)
            first = next(iter(samples.values()))[0]
            read_card(engine, read_upload(first.path), first.side)  # models loaded, caches warm
            for level in levels:
                tallies[name, level] = measure(
                    engine, samples[level][: 2 * counts[name]], as_bot=args.as_bot
                )
                print(summary_line(name, level, tallies[name, level], counts[name]), flush=True)
    report = render_report(tallies, args, counts, levels, started, load, commit)
    print(report)
    if args.docs:
        write_section(DOCS, "ocr", report)
        print(f"wrote {DOCS}")


def make_engine(spec: str, threads: int) -> OcrEngine:
    """``name`` from the plugins, or ``rapidocr:Setting=value,...`` with RapidOCR overrides."""
    name, _, settings = spec.partition(":")
    if not settings:
        return get_ocr_engine_factories()[name](threads)
    if name != ENGINE_NAME:
        raise SystemExit(f"settings can only be given to {ENGINE_NAME}, not {name}")
    overrides: dict[str, object] = {}
    for item in settings.split(","):
        key, _, value = item.partition("=")
        overrides[key] = _setting(value)
    return RapidOcrEngine(threads, overrides)


def _setting(value: str) -> object:
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(value.lower(), value)


def make_samples(
    folder: Path, level: Level, count: int, seed: int, renderer: Renderer = RENDERERS["first"]
) -> list[Sample]:
    """Render and photograph ``count`` people's cards (both sides) at ``level``."""
    rng = random.Random(f"{seed}-{level}")
    factory = PersonFactory(rng=rng, today=dt.date(2026, 11, 1))
    samples = []
    for index in range(count):
        truth = renderer.vary(factory.person(expired=rng.random() < 0.1).card_fields(), rng)
        for side, render in ((Side.FRONT, renderer.front), (Side.BACK, renderer.back)):
            path = folder / str(level) / f"{index:03d}-{side}.jpg"
            save_jpeg(degrade_photo(render(truth, rng), rng, level), path, quality=92)
            expected = truth.model_dump(include=set(FIELDS[side]))
            samples.append(Sample(path, side, index, {k: str(v) for k, v in expected.items()}))
    return samples


def measure(engine: OcrEngine, samples: list[Sample], as_bot: bool = False) -> Tally:
    """Read every sample; a field counts as right only if read correctly and confidently
    (``as_bot``: kept by the bot's ``read_trusted``, no form to agree with)."""
    tally = Tally()
    for sample in samples:
        began, cpu_began = time.perf_counter(), time.process_time()
        try:
            if as_bot:
                reading = read_as_bot(engine, sample)
            else:
                reading = read_card(engine, read_upload(sample.path), sample.side)
        except DocumentInvalid as exc:
            tally.refused += 1
            tally.cards_wrong.add(sample.card)
            tally.flagged.update(sample.truth.keys())
            tally.refusals.append(str(exc))
            continue
        finally:
            tally.ms.append((time.perf_counter() - began) * 1000)
            tally.cpu_ms.append((time.process_time() - cpu_began) * 1000)
        for name, truth in sample.truth.items():
            value = reading.fields.get(name)
            confident = reading.confidence.get(name, 0.0) >= CONFIDENCE_THRESHOLD
            if value == truth and confident:
                tally.right[name] += 1
                continue
            tally.cards_wrong.add(sample.card)
            if confident:
                tally.confident_wrong[name] += 1
                tally.examples.append(f"{sample.path.name} {name}: read {value!r}")
            else:
                tally.flagged[name] += 1
                tally.flag_examples.append(
                    f"{sample.path.name} {name}: read {value!r} at "
                    f"{reading.confidence.get(name, 0.0):.2f}, printed {truth!r}"
                )
    return tally


def read_as_bot(engine: OcrEngine, sample: Sample) -> CardReading:
    """The fields the bot keeps of ``sample`` (all at confidence 1), as a reading."""
    side = sample.side
    ctx = BotContext(bot_name="bench", scopes=frozenset(), sources={}, ocr=None, ref="bench")
    kept = read_trusted(
        sample.path,
        side,
        lambda image: read_card(engine, image, side),
        REQUIRED_FIELDS[side],
        ctx,
        BotOutcome(),
        None,
        second_card_reader(lambda: engine, side),
    )
    reading = CardReading(side=side)
    reading.fields = kept
    reading.confidence = dict.fromkeys(kept, 1.0)
    return reading


def summary_line(engine: str, level: Level, tally: Tally, cards: int) -> str:
    fields = sum(tally.right.values()) / (cards * len(ALL_FIELDS))
    return (
        f"{engine:10} {level:6} fields {fields:.2%}  cards {1 - len(tally.cards_wrong) / cards:.0%}"
        f"  confident-wrong {sum(tally.confident_wrong.values())}"
        f"  median {statistics.median(tally.ms):.0f} ms"
        f" ({statistics.median(tally.cpu_ms):.0f} ms CPU)"
    )


def render_report(
    tallies: dict[tuple[str, Level], Tally],
    args: argparse.Namespace,
    counts: dict[str, int],
    levels: list[Level],
    started: float,
    load: tuple[float, float, float],
    commit: str,
) -> str:
    """The Markdown section: how it was run, the table, the confident misreads."""
    cards = args.cards
    engines = list(counts)
    renderer = f" --renderer {args.renderer}" if args.renderer != "first" else ""
    others = f" --others-cards {args.others_cards}" if args.others_cards else ""
    when = dt.datetime.fromtimestamp(started, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    minutes = (time.time() - started) / 60
    lines = [
        "# Benchmarks: reading identity documents (OCR)",
        "",
        "Written by `bench/ocr.py` from one run of the command below; run it again to refresh.",
        "",
        f"Command: `.venv/bin/python bench/ocr.py --cards {cards} --seed {args.seed} "
        + " ".join(f"--engine '{e}'" if ":" in e else f"--engine {e}" for e in engines)
        + f"{others}{renderer} --docs`",
        "",
        f"Measured {when} in {minutes:.1f} min at commit {commit}: {cards} synthetic cards "
        f"per level, both sides ({2 * cards} images per level; engines after the first on "
        f"the first cards only, as the *cards* column says), one process, "
        f"{args.threads} OCR thread; load average at the start {load[0]:.1f} "
        f"on {os.cpu_count()} cores (milliseconds are medians: other work on the machine "
        f"shows in them, not in the accuracy).",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}.",
        "",
        "A field counts as right when its value is exactly the printed one and its confidence "
        f"reaches the bot's threshold ({CONFIDENCE_THRESHOLD}); below it the bot reports "
        "OCR_UNREADABLE (flagged for review). *Confident wrong* counts values that were wrong "
        "yet above the threshold: misreads that would pass. *Refused* counts images intake "
        "refused (DOC_INVALID). Levels: `scan` (flatbed scan), `phone` (phone photo on a "
        "desk: tilt, perspective, blur, noise, glare), `hard` (busy printed background, turned "
        "0/90/180/270 degrees, strong blur, low light, JPEG quality 18-35).",
        "",
        "| engine | level | cards | field exact match | whole card | confident wrong "
        "| flagged fields | refused images | median ms / image | median CPU ms / image |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for engine in engines:
        for level in levels:
            t, n = tallies[engine, level], counts[engine]
            fields = sum(t.right.values()) / (n * len(ALL_FIELDS))
            lines.append(
                f"| {engine} | {level} | {n} | {fields:.2%} | {1 - len(t.cards_wrong) / n:.0%} "
                f"| {sum(t.confident_wrong.values())} | {sum(t.flagged.values())} "
                f"| {t.refused} | {statistics.median(t.ms):.0f} "
                f"| {statistics.median(t.cpu_ms):.0f} |"
            )
    lines += ["", "Per field (exact match):", ""]
    header = "| engine | level | " + " | ".join(ALL_FIELDS) + " |"
    lines += [header, "|---|---|" + "---|" * len(ALL_FIELDS)]
    for engine in engines:
        for level in levels:
            t = tallies[engine, level]
            rates = " | ".join(f"{t.right[name] / counts[engine]:.1%}" for name in ALL_FIELDS)
            lines.append(f"| {engine} | {level} | {rates} |")
    examples = [f"{e} {lv}: {x}" for (e, lv), t in tallies.items() for x in t.examples[:5]]
    if examples:
        lines += ["", "Confident misreads (first five per engine and level):", ""]
        lines += [f"- {x}" for x in examples]
    flags = [f"{e} {lv}: {x}" for (e, lv), t in tallies.items() for x in t.flag_examples[:5]]
    if flags:
        lines += ["", "Flagged fields (first five per engine and level):", ""]
        lines += [f"- {x}" for x in flags]
    refusals = [f"{e} {lv}: {x}" for (e, lv), t in tallies.items() for x in t.refusals[:5]]
    if refusals:
        lines += ["", "Images refused by intake (first five per engine and level):", ""]
        lines += [f"- {x}" for x in refusals]
    return "\n".join(lines) + "\n"


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(DOCS.parent), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


if __name__ == "__main__":
    main()
