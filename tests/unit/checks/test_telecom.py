from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from robotlib.bot import BotOutcome
from robotlib.checks.identity import Identity
from robotlib.checks.telecom import check_phone
from robotlib.sources.base import TelecomSource
from robotlib.sources.records import TelecomRecord

PHONE = "13800138000"


class Telecom(TelecomSource):
    def __init__(self, id_number: str = "440305199003071236", name: str | None = "张伟") -> None:
        super().__init__("telecom")
        self.record = (
            None if name is None else TelecomRecord(phone=PHONE, id_number=id_number, name=name)
        )
        self.asked: list[str] = []

    def lookup(self, phone: str) -> TelecomRecord | None:
        self.asked.append(phone)
        return self.record


def check(
    context: Any, person: Identity, telecom: Telecom, phone: str | None = PHONE
) -> BotOutcome:
    out = BotOutcome()
    check_phone(person, phone, context(telecom=telecom), out)
    return out


def test_a_phone_registered_to_the_holder_has_no_reasons(context: Any, person: Identity) -> None:
    out = check(context, person, Telecom())
    assert (out.reasons, out.recommendations) == ([], [])


@pytest.mark.parametrize(
    ("owner", "detail"),
    [
        ({"id_number": "11010519491231002X"}, "another ID number"),
        ({"name": "张卫"}, "another name"),
    ],
)
def test_a_phone_of_someone_else_is_not_real_name(
    context: Any, person: Identity, owner: dict[str, str], detail: str
) -> None:
    out = check(context, person, Telecom(**owner))
    assert out.reasons == ["PHONE_NOT_REAL_NAME"], owner
    assert detail in out.details["PHONE_NOT_REAL_NAME"]


def test_an_unregistered_phone_is_a_recommendation(context: Any, person: Identity) -> None:
    out = check(context, person, Telecom(name=None))
    assert out.reasons == []
    assert out.recommendations == ["phone_real_name_check"]


def test_without_a_phone_nothing_is_asked(context: Any, person: Identity) -> None:
    telecom = Telecom(name="张卫")
    assert check(context, person, telecom, phone=None).reasons == []
    assert telecom.asked == []


def test_values_the_card_did_not_give_are_not_compared(context: Any, person: Identity) -> None:
    unread = dataclasses.replace(person, name_read=False, number_read=False)
    assert check(context, unread, Telecom("11010519491231002X", "张卫")).reasons == []
