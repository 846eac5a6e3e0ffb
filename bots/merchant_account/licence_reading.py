"""Reading the business licence into the fields read with confidence."""

from __future__ import annotations

from pathlib import Path

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.trusted_reading import read_trusted
from robotlib.documents.reader import read_document
from robotlib.documents.reading import Side
from robotlib.model import Business, ReasonCode

#: fields the checks cannot do without; the others are kept when read with confidence
REQUIRED_FIELDS = ("uscc", "name", "legal_representative")


def read_licence(
    path: Path | None, form: Business, ctx: BotContext, out: BotOutcome
) -> dict[str, str]:
    """Licence fields read with confidence; DOC_* and OCR_UNREADABLE as for the ID card (an
    unsure code or name still counts when it is what the ``form`` says)."""
    if path is None:
        out.add(ReasonCode.DOC_MISSING, f"{Side.LICENCE}: not uploaded")
        return {}
    return read_trusted(
        path,
        Side.LICENCE,
        lambda image: read_document(ctx.ocr(), image, Side.LICENCE),
        REQUIRED_FIELDS,
        ctx,
        out,
        {"uscc": form.uscc, "name": form.name},
    )
