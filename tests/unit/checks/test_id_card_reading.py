from pathlib import Path

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.id_card_reading import REQUIRED_FIELDS, read_id_card
from robotlib.documents.reading import Side
from robotlib.model import Applicant, Documents

APPLICANT = Applicant(name="张伟", id_number="440305199003071236")
CTX = BotContext(bot_name="t", scopes=frozenset(), sources={}, ocr=None, ref="T-1")


def test_sides_not_uploaded_are_missing_and_read_nothing() -> None:
    out = BotOutcome()
    assert read_id_card(Documents(), APPLICANT, CTX, out) == {}
    assert out.reasons == ["DOC_MISSING"]
    assert out.details["DOC_MISSING"] == "front: not uploaded; back: not uploaded"


def test_a_missing_back_is_named_alone(tmp_path: Path) -> None:
    out = BotOutcome()
    read_id_card(Documents(id_back=tmp_path / "gone.jpg"), APPLICANT, CTX, out)
    assert out.details["DOC_MISSING"].split("; ")[0] == "front: not uploaded"
    assert out.details["DOC_MISSING"].split("; ")[1].startswith("back: ")


def test_the_front_needs_what_the_registries_and_the_card_checks_judge() -> None:
    assert set(REQUIRED_FIELDS[Side.FRONT]) == {"name", "id_number", "sex", "birth_date"}
    assert set(REQUIRED_FIELDS[Side.BACK]) == {"valid_from", "valid_to"}
