"""The card's own reason codes appear exactly when their condition holds."""

import datetime as dt

import pytest

from robotlib.bot import BotOutcome
from robotlib.checks.id_card import check_card, number_birth_date

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


def test_the_birth_date_of_a_valid_number_only() -> None:
    assert number_birth_date("440305199003071236") == dt.date(1990, 3, 7)
    assert number_birth_date("440305199003071237") is None
    assert number_birth_date(None) is None
