from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from robotlib.bot import BotOutcome
from robotlib.checks.gov_identity import check_gov_identity
from robotlib.checks.identity import Identity
from robotlib.sources.base import GovIdentitySource
from robotlib.sources.records import GovIdentityRecord

RECORD: dict[str, Any] = {
    "id_number": "440305199003071236",
    "name": "张伟",
    "sex": "男",
    "ethnicity": "汉",
    "birth_date": "1990-03-07",
    "address": "深圳市南山区",
    "issuing_authority": "深圳市公安局",
    "valid_from": "2015-03-07",
    "valid_to": "2035-03-07",
    "status": "normal",
}


class Registry(GovIdentitySource):
    def __init__(self, **changes: str) -> None:
        super().__init__("gov_identity")
        self.record = None if changes.get("absent") else GovIdentityRecord(**{**RECORD, **changes})
        self.asked: list[str] = []

    def lookup(self, id_number: str) -> GovIdentityRecord | None:
        self.asked.append(id_number)
        return self.record


def check(context: Any, person: Identity, **changes: str) -> BotOutcome:
    out = BotOutcome()
    check_gov_identity(person, context(gov_identity=Registry(**changes)), out)
    return out


def test_a_registered_identity_that_agrees_has_no_reasons(context: Any, person: Identity) -> None:
    assert check(context, person).reasons == []


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"absent": "yes"}, "GOV_NOT_FOUND"),
        ({"status": "cancelled"}, "GOV_STATUS_INVALID"),
        ({"status": "deceased"}, "GOV_STATUS_INVALID"),
        ({"name": "张卫"}, "GOV_MISMATCH"),
        ({"birth_date": "1990-03-08"}, "GOV_MISMATCH"),
    ],
)
def test_each_finding_gives_its_code(
    context: Any, person: Identity, changes: dict[str, str], reason: str
) -> None:
    assert check(context, person, **changes).reasons == [reason], changes


def test_the_registry_is_asked_with_the_persons_number(context: Any, person: Identity) -> None:
    registry = Registry()
    check_gov_identity(person, context(gov_identity=registry), BotOutcome())
    assert registry.asked == [person.id_number]


def test_a_name_the_card_did_not_give_is_not_compared(context: Any, person: Identity) -> None:
    unread = dataclasses.replace(person, name_read=False)
    assert check(context, unread, name="张卫").reasons == []


def test_a_finding_about_the_forms_number_is_no_reject(context: Any, person: Identity) -> None:
    typed = dataclasses.replace(person, number_read=False)
    out = check(context, typed, absent="yes")
    assert out.reasons == ["OCR_UNREADABLE"]
    assert "form's ID number" in out.details["OCR_UNREADABLE"]


def test_an_unknown_birth_date_is_not_compared(context: Any, person: Identity) -> None:
    undated = dataclasses.replace(person, birth_date=None)
    assert check(context, undated, birth_date="2000-01-01").reasons == []
    assert check(context, person, birth_date="2000-01-01").reasons == ["GOV_MISMATCH"]
    assert person.birth_date == dt.date(1990, 3, 7)
