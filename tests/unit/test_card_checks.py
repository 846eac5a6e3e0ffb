"""The card's own reason codes appear exactly when their condition holds."""

import datetime as dt

import pytest

from bots.personal_account.card_checks import check_card, check_form
from robotlib.bot import BotOutcome
from robotlib.model import Applicant

TODAY = dt.date(2026, 11, 24)
CARD = {
    "name": "张伟",
    "id_number": "440305199003071236",
    "sex": "男",
    "birth_date": "1990-03-07",
    "valid_from": "2020-05-01",
    "valid_to": "2040-05-01",
}


def card_reasons(**changes: str) -> list[str]:
    out = BotOutcome()
    check_card({**CARD, **changes}, out, TODAY)
    return out.reasons


def test_consistent_card_has_no_reasons() -> None:
    assert card_reasons() == []


@pytest.mark.parametrize(
    ("changes", "reasons"),
    [
        ({"id_number": "440305199003071237"}, ["ID_NUMBER_INVALID"]),
        ({"valid_from": "2006-05-01", "valid_to": "2016-05-01"}, ["ID_EXPIRED"]),
        ({"sex": "女"}, ["ID_INCONSISTENT"]),
        ({"birth_date": "1990-03-08"}, ["ID_INCONSISTENT"]),
        ({"valid_to": "长期"}, ["ID_INCONSISTENT"]),
        ({"valid_to": "2030-05-01"}, ["ID_INCONSISTENT"]),
    ],
)
def test_condition_gives_its_reason(changes: dict[str, str], reasons: list[str]) -> None:
    assert card_reasons(**changes) == reasons, changes


def test_unread_fields_are_not_judged() -> None:
    out = BotOutcome()
    check_card({"name": "张伟"}, out, TODAY)
    assert out.reasons == []


@pytest.mark.parametrize(
    ("form", "mismatch"),
    [
        ({"name": "张伟", "id_number": "440305199003071236"}, False),
        ({"name": "张 伟", "id_number": "440305199003071236"}, False),
        ({"name": "张玮", "id_number": "440305199003071236"}, True),
        ({"name": "张伟", "id_number": "440305199003071244"}, True),
    ],
)
def test_form_against_card(form: dict[str, str], mismatch: bool) -> None:
    out = BotOutcome()
    check_form(CARD, Applicant(**form), out)
    assert (out.reasons == ["FORM_MISMATCH"]) is mismatch, form
