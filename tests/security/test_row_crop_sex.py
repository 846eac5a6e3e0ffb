"""The sex read from a crop is what the card prints, never what its number says.

A forged card whose printed sex contradicts its number is caught only by comparing the two
(``ID_INCONSISTENT``); a sex filled from the number, or a crop read that settles for the
number's answer, would hide the forgery.
"""

from __future__ import annotations

import datetime as dt

from bots.personal_account.card_checks import check_card
from bots.personal_account.documents import second_card_reader
from robotlib.bot import BotOutcome
from robotlib.documents.reading import Side
from robotlib.model import ReasonCode
from tests.unit.test_row_crops import PHOTO, CropEngine, read


def test_a_printed_sex_that_contradicts_the_number_is_kept_and_caught() -> None:
    # The number is a man's; the card prints 女, which only the crop sees.
    engine = CropEngine(read("女", 0.99))
    reading = second_card_reader(lambda: engine, Side.FRONT)(PHOTO)
    assert reading.fields.get("sex") == "女"
    out = BotOutcome()
    check_card(reading.fields, out, dt.date(2026, 12, 1))
    assert ReasonCode.ID_INCONSISTENT in out.reasons, out.details


def test_an_unsure_crop_leaves_the_sex_unread_rather_than_the_numbers() -> None:
    # The recogniser leans to 男 (the number's answer) but not surely: the sex stays unread.
    engine = CropEngine(read("男", 0.95, (("女", 0.04),)))
    reading = second_card_reader(lambda: engine, Side.FRONT)(PHOTO)
    assert "sex" not in reading.fields
    assert reading.fields.get("id_number") is not None
