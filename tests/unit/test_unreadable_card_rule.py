"""The registries judge what the document says: a form typo never becomes a reject because the
card could not be read (issue 16). Hand-made card fields (no OCR), real CSV registries."""

from __future__ import annotations

from pathlib import Path

import pytest

from bots.personal_account.bot import check_fields
from robotlib.bot import BotOutcome
from robotlib.checks.id_card_reading import REQUIRED_FIELDS
from robotlib.model import Applicant, Decision, DecisionPolicy, ReasonCode
from tests.unit.checks.test_id_card import CARD, TODAY
from tests.unit.test_registry_checks import PHONE, registry_context

NUMBER = CARD["id_number"]
#: a typo in the name (伟 -> 卫) and in the number (a valid number of nobody in the registry)
NAME_TYPO = "张卫"
NUMBER_TYPO = "110101199003074514"


def decide(
    tmp_path: Path, card: dict[str, str], name: str = "张伟", number: str = NUMBER
) -> tuple[BotOutcome, Decision]:
    out = BotOutcome()
    if any(field not in card for fields in REQUIRED_FIELDS.values() for field in fields):
        out.add(ReasonCode.OCR_UNREADABLE)  # as the reading step does
    applicant = Applicant(name=name, id_number=number, phone=PHONE)
    check_fields(card, applicant, registry_context(tmp_path), out, TODAY)
    return out, DecisionPolicy().decide(out.reasons)


def unread(*fields: str) -> dict[str, str]:
    """The card, its back read, without ``fields``."""
    card = {**CARD, "issuing_authority": "深圳市公安局南山分局"}
    return {key: value for key, value in card.items() if key not in fields}


def test_wrong_form_name_and_unread_card_name_is_review_not_gov_mismatch(tmp_path: Path) -> None:
    out, decision = decide(tmp_path, unread("name"), name=NAME_TYPO)
    # nor SOCIAL_MISMATCH or PHONE_NOT_REAL_NAME: the registries never judge the form's name
    assert out.reasons == ["OCR_UNREADABLE"], out.reasons
    assert decision is Decision.REVIEW


def test_wrong_form_number_and_unread_card_number_is_review_not_gov_not_found(
    tmp_path: Path,
) -> None:
    out, decision = decide(tmp_path, unread("id_number", "birth_date"), number=NUMBER_TYPO)
    assert out.reasons == ["OCR_UNREADABLE"], out.reasons
    assert decision is Decision.REVIEW
    assert "form's ID number" in out.details["OCR_UNREADABLE"], out.details


def test_wrong_form_number_with_the_card_read_still_finds_a_form_mismatch(tmp_path: Path) -> None:
    out, decision = decide(tmp_path, unread(), number=NUMBER_TYPO)
    assert out.reasons == ["FORM_MISMATCH"], out.reasons
    assert decision is Decision.REVIEW


@pytest.mark.parametrize("typo", [NAME_TYPO, "张 伟伟"])
def test_form_typo_with_a_readable_card_that_matches_the_registry_is_review(
    tmp_path: Path, typo: str
) -> None:
    out, decision = decide(tmp_path, unread(), name=typo)
    assert out.reasons == ["FORM_MISMATCH"], (typo, out.reasons)
    assert decision is Decision.REVIEW
    assert out.details["FORM_MISMATCH"] == "the form's name differs from the card's"


def test_a_card_that_disagrees_with_the_registry_is_still_rejected(tmp_path: Path) -> None:
    card = {**unread(), "name": NAME_TYPO}
    out, decision = decide(tmp_path, card, name=NAME_TYPO)
    assert out.reasons[0] == "GOV_MISMATCH", out.reasons
    assert decision is Decision.REJECT
    assert out.details["GOV_MISMATCH"] == "the registry's name differs from the card's"


def test_a_read_card_number_unknown_to_the_registry_is_still_rejected(tmp_path: Path) -> None:
    card = {**unread(), "id_number": NUMBER_TYPO}
    out, decision = decide(tmp_path, card, number=NUMBER_TYPO)
    assert out.reasons[0] == "GOV_NOT_FOUND", out.reasons
    assert decision is Decision.REJECT
