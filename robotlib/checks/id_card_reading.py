"""Reading both sides of the ID card into one set of fields, with the document reasons."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.trusted_reading import read_trusted
from robotlib.documents.idcard import read_card
from robotlib.documents.parsers import parser_for
from robotlib.documents.reading import CardReading, Side
from robotlib.documents.row_crops import read_front_rows
from robotlib.model import Applicant, Documents, ReasonCode
from robotlib.ocr.engine import CloseReadingEngine, FinePrintEngine, OcrEngine, RecognisingEngine

R = ReasonCode

#: fields without which a side cannot be trusted: those a check needs (the registries the
#: name, number and birth date; the card's consistency the sex; expiry the validity period).
#: The issuing authority is kept when read but judged by no check, so a photo that blurs it
#: alone (濉溪县 read 滩溪县, doubted as one character off a real county) is no review
REQUIRED_FIELDS = {
    Side.FRONT: ("name", "id_number", "sex", "birth_date"),
    Side.BACK: ("valid_from", "valid_to"),
}


def read_id_card(
    documents: Documents, applicant: Applicant, ctx: BotContext, out: BotOutcome
) -> dict[str, str]:
    """Fields read with confidence from both sides of the ID card in ``documents``; adds DOC_*
    and OCR_UNREADABLE reasons. A field that is unsure but reads as the ``applicant`` typed it
    counts (``read_trusted``)."""
    typed = {"name": applicant.name, "id_number": applicant.id_number}
    fields: dict[str, str] = {}
    for side, path in ((Side.FRONT, documents.id_front), (Side.BACK, documents.id_back)):
        if path is None:
            out.add(R.DOC_MISSING, f"{side}: not uploaded")
            continue
        fields.update(
            read_trusted(
                path,
                side,
                _card_reader(ctx, side),
                REQUIRED_FIELDS[side],
                ctx,
                out,
                typed,
                second_card_reader(ctx.ocr, side),
            )
        )
    return fields


def _card_reader(ctx: BotContext, side: Side) -> Callable[[np.ndarray], CardReading]:
    return lambda image: read_card(ctx.ocr(), image, side)


def second_card_reader(
    engine: Callable[[], OcrEngine], side: Side
) -> Callable[[np.ndarray], CardReading]:
    """A second, closer read of a card side with the ``engine`` (loaded on first use): at the
    image's own size when the engine offers it, else at its fine-print size, else a reading
    of nothing. A card far from the camera loses short lines (the sex on a ``hard`` photo)
    and names to the coarse pass. A front whose sex or name the detector finds in neither pass
    has them read where the card's layout puts them, when the engine can read a crop alone
    (``row_crops.read_front_rows``: a name so read counts only as typed)."""

    def read_again(image: np.ndarray) -> CardReading:
        ocr = engine()
        if isinstance(ocr, CloseReadingEngine):
            lines = ocr.read_closely(image)
        elif isinstance(ocr, FinePrintEngine):
            lines = ocr.read_fine_print(image)
        else:
            return CardReading(side=side)
        reading = parser_for(side)(lines)
        if side is Side.FRONT and isinstance(ocr, RecognisingEngine):
            reading = read_front_rows(ocr, image, lines, reading)
        return reading

    return read_again
