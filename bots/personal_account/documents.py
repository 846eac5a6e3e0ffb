"""Reading both sides of the ID card into one set of fields, with the document reasons."""

from __future__ import annotations

from pathlib import Path

from robotlib.bot import BotContext, BotOutcome
from robotlib.documents.idcard import read_card
from robotlib.documents.reading import Side
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
    try:
        image = read_upload(path)
    except DocumentInvalid as exc:
        ctx.log.info("document refused: {side}: {why}", side=side, why=str(exc))
        out.add(R.DOC_MISSING if not path.exists() else R.DOC_INVALID)
        return {}
    reading = read_card(ctx.ocr(), image, side)
    trusted = {
        name: value
        for name, value in reading.fields.items()
        if reading.confidence.get(name, 0.0) >= CONFIDENCE_THRESHOLD
    }
    if any(name not in trusted for name in REQUIRED_FIELDS[side]):
        unread = [name for name in REQUIRED_FIELDS[side] if name not in trusted]
        ctx.log.info("unreadable fields on {side}: {unread}", side=side, unread=unread)
        out.add(R.OCR_UNREADABLE)
    return trusted
