"""Reading both sides of the ID card into one set of fields, with the document reasons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from robotlib.bot import BotContext, BotOutcome
from robotlib.documents.idcard import read_card
from robotlib.documents.reading import CardReading, Side
from robotlib.documents.upload import read_upload
from robotlib.errors import DocumentInvalid
from robotlib.model import Documents, ReasonCode

R = ReasonCode

#: fields without which a side cannot be trusted
REQUIRED_FIELDS = {
    Side.FRONT: ("name", "id_number", "sex", "birth_date"),
    Side.BACK: ("issuing_authority", "valid_from", "valid_to"),
}
#: below this OCR confidence a required field is treated as unread, never guessed
CONFIDENCE_THRESHOLD = 0.8


def read_documents(documents: Documents, ctx: BotContext, out: BotOutcome) -> dict[str, str]:
    """Fields read with confidence from both sides; adds DOC_* and OCR_UNREADABLE reasons."""
    fields: dict[str, str] = {}
    for side, path in ((Side.FRONT, documents.id_front), (Side.BACK, documents.id_back)):
        if path is None:
            out.add(R.DOC_MISSING)
            continue
        fields.update(_read_side(side, path, ctx, out))
    return fields


def _read_side(side: Side, path: Path, ctx: BotContext, out: BotOutcome) -> dict[str, str]:
    return read_trusted(
        path, side, lambda image: read_card(ctx.ocr(), image, side), REQUIRED_FIELDS[side], ctx, out
    )


def read_trusted(
    path: Path,
    side: Side,
    read: Callable[[np.ndarray], CardReading],
    required: tuple[str, ...],
    ctx: BotContext,
    out: BotOutcome,
) -> dict[str, str]:
    """The fields of the document at ``path`` read with confidence (``read`` OCRs and parses
    the image); adds DOC_MISSING / DOC_INVALID for a file that is not a usable image and
    OCR_UNREADABLE when a ``required`` field is not among them."""
    try:
        image = read_upload(path)
    except DocumentInvalid as exc:
        ctx.log.info("document refused: {side}: {why}", side=side, why=str(exc))
        out.add(R.DOC_MISSING if not path.exists() else R.DOC_INVALID)
        return {}
    reading = read(image)
    trusted = {
        name: value
        for name, value in reading.fields.items()
        if reading.confidence.get(name, 0.0) >= CONFIDENCE_THRESHOLD
    }
    unread = [name for name in required if name not in trusted]
    if unread:
        ctx.log.info("unreadable fields on {side}: {unread}", side=side, unread=unread)
        out.add(R.OCR_UNREADABLE)
    return trusted
