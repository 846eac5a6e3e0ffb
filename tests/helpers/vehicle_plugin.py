"""A third-party plugin in miniature, touching no core file: a dataset kind
(``vehicle_registry``, with a sandbox generator), a document type (``vehicle_licence``), an
OCR engine that reads it, a check and a bot (``vehicle_loan``) that decides with them (its
Robot Framework keywords: ``tests/helpers/vehicle_keywords.py``).

The OCR engine is a stand-in that keeps the tests fast and exact: the text of a test document
is written into the red channel of its first pixel row (``write_document``), and the engine
reads it back, one line per ``\\n``. Everything else (intake, the pool's sealed documents, the
``csv`` source type, the decision) is the real path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import ClassVar

import numpy as np
from PIL import Image
from pydantic import BaseModel, ConfigDict

from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.documents.image import load_image
from robotlib.documents.parsers import DocumentParser, parser_for
from robotlib.documents.reading import CardReading
from robotlib.model import Application
from robotlib.ocr.engine import OcrEngine, OcrEngineFactory, OcrLine
from robotlib.plugins.host import hookimpl
from robotlib.sources.base import RecordSource
from robotlib.sources.datasets import DatasetKind, SandboxWorld
from robotlib.sources.records import IdNumber

DOCUMENT = "vehicle_licence"
ENGINE = "pixel_text"
PLATE_LABEL = "号牌号码"


def plate_key(value: str) -> str:
    """Plates compare without spaces or the middle dot, upper case: 粤B·12345 is 粤B12345."""
    return "".join(value.split()).replace("·", "").upper()


class VehicleStatus(StrEnum):
    NORMAL = "normal"
    STOLEN = "stolen"


class VehicleRecord(BaseModel):
    """A row of ``vehicle_registry.csv``."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    plate: str
    id_number: IdNumber
    model: str
    status: VehicleStatus


class VehicleRegistrySource(RecordSource[VehicleRecord]):
    """``vehicle_registry``: ``lookup(plate)``."""


def sandbox_vehicles(world: SandboxWorld) -> Iterator[VehicleRecord]:
    """One car for every other person of the world."""
    rng = world.rng("vehicle_registry")
    for number, person in enumerate(world.people[::2]):
        yield VehicleRecord(
            plate=f"粤B{number:05d}",
            id_number=person.id_number,
            model=rng.choice(("比亚迪 秦", "大众 朗逸", "丰田 卡罗拉")),
            status=VehicleStatus.NORMAL,
        )


VEHICLE_REGISTRY = DatasetKind(
    "vehicle_registry",
    VehicleRecord,
    ("plate",),
    plate_key,
    interface=VehicleRegistrySource,
    sandbox=sandbox_vehicles,
)


def parse_vehicle_licence(lines: list[OcrLine]) -> CardReading:
    """The plate of a vehicle licence (行驶证): the text after its label."""
    reading = CardReading(side=DOCUMENT)
    for line in lines:
        if line.text.startswith(PLATE_LABEL):
            reading.fields["plate"] = line.text.removeprefix(PLATE_LABEL).strip()
            reading.confidence["plate"] = line.score
    return reading


class PixelTextEngine:
    """Reads the text written by ``write_document``."""

    name = ENGINE

    def __init__(self, threads: int) -> None:
        self.threads = threads

    def read(self, image: np.ndarray) -> list[OcrLine]:
        row = bytes(image[0, :, 0].tolist())
        text = row.split(b"\0", 1)[0].decode("utf-8")
        box = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))
        return [OcrLine(line, 0.99, box) for line in text.splitlines()]


def write_document(path: Path, text: str) -> Path:
    """A PNG whose first pixel row holds ``text`` (UTF-8) for ``PixelTextEngine``."""
    data = text.encode("utf-8")
    pixels = np.full((32, max(64, len(data) + 1), 3), 255, dtype=np.uint8)
    pixels[0, :, 0] = 0
    pixels[0, : len(data), 0] = list(data)
    Image.fromarray(pixels).save(path)
    return path


class VehicleLoanBot(Bot):
    """A car loan: the applicant owns the car on the vehicle licence, and it is not stolen."""

    name = "vehicle_loan"
    scopes: ClassVar[frozenset[str]] = frozenset({"ocr", "source:vehicles"})
    required_sources = ("vehicles",)
    datasets: ClassVar[dict[str, str]] = {"vehicles": "vehicle_registry"}

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        out = BotOutcome()
        path = getattr(application.documents, DOCUMENT, None)
        if path is None:
            out.add("DOC_MISSING", f"{DOCUMENT}: not uploaded")
            return out
        plate = read_plate(ctx.ocr(), path)
        if plate is None:
            out.add("OCR_UNREADABLE", "the plate could not be read")
            return out
        record = ctx.source("vehicles", VehicleRegistrySource).lookup(plate)
        check_vehicle(record, application.applicant.id_number, out)
        return out


def check_vehicle(record: VehicleRecord | None, owner: str | None, out: BotOutcome) -> None:
    """A check: the registry knows the car, ``owner`` owns it, and it is not stolen."""
    if record is None:
        out.add("VEHICLE_NOT_FOUND")
    elif record.id_number != owner:
        out.add("VEHICLE_NOT_OWNED")
    elif record.status is not VehicleStatus.NORMAL:
        out.add("VEHICLE_STOLEN")


def read_plate(engine: OcrEngine, path: Path) -> str | None:
    """The plate on the vehicle licence at ``path``, None when it cannot be read."""
    return parser_for(DOCUMENT)(engine.read(load_image(path))).fields.get("plate")


@hookimpl
def register_datasets(register: Callable[[DatasetKind], None]) -> None:
    register(VEHICLE_REGISTRY)


@hookimpl
def register_document_parsers(register: Callable[[str, DocumentParser], None]) -> None:
    register(DOCUMENT, parse_vehicle_licence)


@hookimpl
def register_ocr_engines(register: Callable[[str, OcrEngineFactory], None]) -> None:
    register(ENGINE, PixelTextEngine)


@hookimpl
def register_bots(register: Callable[[type[Bot]], None]) -> None:
    register(VehicleLoanBot)
