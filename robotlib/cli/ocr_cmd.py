"""``veribot ocr``: read ID cards and business licences from image files, without a pool.

Names and numbers are masked in every output; ``--unmask`` shows them in ``--json`` to an
identity granted ``pii:read`` in the pool, and the pool's audit log records it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from robotlib.cli.context import console, err_console, fail, state
from robotlib.cli.pool_access import configured_pool
from robotlib.cli.unmask_grant import authorise_unmasked
from robotlib.documents.reader import read_document
from robotlib.documents.reading import CardReading, Side
from robotlib.documents.upload import read_upload
from robotlib.errors import DocumentInvalid, VeribotError
from robotlib.masking import mask_address, mask_id_number, mask_name, mask_text
from robotlib.ocr.engine import OcrEngine
from robotlib.plugins.host import get_ocr_engine_factories

#: how a field is masked (any other field: identity and phone numbers in it masked)
_MASKS = {
    "name": mask_name,
    "id_number": mask_id_number,
    "address": mask_address,
    "legal_representative": mask_name,
}


def masked_fields(fields: dict[str, str]) -> dict[str, str]:
    """``fields`` as every output shows them unless unmasked: names and numbers masked."""
    return {field: _MASKS.get(field, mask_text)(value) for field, value in fields.items()}


@dataclass(frozen=True)
class ImageResult:
    """What reading one file gave: a reading, or the reason the file was refused."""

    image: Path
    reading: CardReading | None
    ms: int
    error: str | None = None

    def as_json(self, *, unmask: bool = False) -> dict[str, object]:
        """The JSON line of this image: names and numbers masked unless ``unmask``."""
        if self.reading is None:
            return {"image": str(self.image), "error": self.error, "ms": self.ms}
        return {
            "image": str(self.image),
            "side": str(self.reading.side),
            "fields": self.reading.fields if unmask else masked_fields(self.reading.fields),
            "confidence": self.reading.confidence,
            "ms": self.ms,
        }


def read_images(
    engine: OcrEngine, images: list[Path], side: Side | None, progress: Progress | None = None
) -> list[ImageResult]:
    """Read each image; a file that is no usable image gives a result with its error."""
    task = progress.add_task("reading", total=len(images)) if progress else None
    results = []
    for path in images:
        began = time.perf_counter()
        try:
            reading = read_document(engine, read_upload(path), side, str(path))
            error = None
        except DocumentInvalid as exc:
            reading, error = None, str(exc)
        ms = round((time.perf_counter() - began) * 1000)
        results.append(ImageResult(path, reading, ms, error))
        if progress is not None and task is not None:
            progress.advance(task)
    return results


def ocr(
    ctx: typer.Context,
    images: Annotated[
        list[Path],
        typer.Argument(
            help="Image files: JPEG, PNG, WebP, or a PDF (its first page is read).",
            show_default=False,
        ),
    ],
    engine: Annotated[
        str | None,
        typer.Option(
            "--engine",
            "-e",
            help="OCR engine (default: the ocr.engine setting of veribot.toml, else rapidocr).",
        ),
    ] = None,
    side: Annotated[
        Side | None,
        typer.Option(
            "--side",
            help="What every image shows; default: told from the text of each image.",
            case_sensitive=False,
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help='One JSON object per image and line: {"image", "side", "fields", '
            '"confidence", "ms"}, or {"image", "error", "ms"} for a refused file. Names and '
            "numbers masked unless --unmask.",
        ),
    ] = False,
    unmask: Annotated[
        bool,
        typer.Option(
            "--unmask",
            help="Full names and numbers in --json. Needs the pii:read grant of --as in the "
            "configured pool, whose audit log records it.",
        ),
    ] = False,
    as_identity: Annotated[
        str | None,
        typer.Option("--as", help="The robot or role whose grants allow --unmask."),
    ] = None,
) -> None:
    """Read identity cards (front or back) and business licences from image files.

    Prints each image's fields with their confidence (0..1); a field not found is left out.

    Names and numbers are masked, in the table and in --json; --unmask shows them in
    --json to an identity granted pii:read, and is audited.

    Exits 1 if any file is no usable image; each such file is named on stderr with the reason.
    """
    if unmask and not as_json:
        fail("--unmask applies to --json only: tables are for people")
    if unmask:
        with configured_pool(ctx) as pool:
            authorise_unmasked(ctx, pool, as_identity, {"command": "ocr", "images": len(images)})
    config = state(ctx).config
    name = engine or config.ocr.engine
    factories = get_ocr_engine_factories()
    if name not in factories:
        fail(f"--engine {name}: unknown OCR engine; installed: {', '.join(sorted(factories))}")
    try:
        reader = factories[name](config.ocr.threads)
    except VeribotError as exc:
        fail(str(exc))
    with Progress(console=err_console, transient=True, disable=len(images) < 2) as progress:
        results = read_images(reader, images, side, progress)
    if as_json:
        for result in results:
            typer.echo(json.dumps(result.as_json(unmask=unmask), ensure_ascii=False))
    else:
        _print_table(results)
    refused = [r for r in results if r.error is not None]
    for result in refused:
        err_console.print(f"[bold red]error:[/] {result.error}", highlight=False, soft_wrap=True)
    if refused:
        raise typer.Exit(1)


def _print_table(results: list[ImageResult]) -> None:
    table = Table("image", "side", "field", "value", "confidence", "ms")
    for result in results:
        if result.reading is None:
            continue
        reading = result.reading
        first = True
        for field, shown in masked_fields(reading.fields).items():
            table.add_row(
                str(result.image) if first else "",
                str(reading.side) if first else "",
                field,
                shown,
                f"{reading.confidence[field]:.2f}",
                str(result.ms) if first else "",
            )
            first = False
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the ``ocr`` command to ``app``."""
    app.command()(ocr)
