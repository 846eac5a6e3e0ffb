from __future__ import annotations

import dataclasses
from typing import Any

from robotlib.bot import BotOutcome
from robotlib.checks.identity import Identity
from robotlib.checks.social_security import check_social_security
from robotlib.sources.base import SocialSecuritySource
from robotlib.sources.records import SocialSecurityRecord


class Registry(SocialSecuritySource):
    def __init__(self, name: str | None = "张伟") -> None:
        super().__init__("social_security")
        self.record = (
            None
            if name is None
            else SocialSecurityRecord(
                id_number="440305199003071236",
                name=name,
                insured=True,
                contribution_months=60,
                housing_fund=True,
            )
        )

    def lookup(self, id_number: str) -> SocialSecurityRecord | None:
        return self.record


def check(context: Any, person: Identity, registry: Registry) -> BotOutcome:
    out = BotOutcome()
    check_social_security(person, context(social_security=registry), out)
    return out


def test_a_record_with_the_cards_name_has_no_reasons(context: Any, person: Identity) -> None:
    out = check(context, person, Registry())
    assert (out.reasons, out.recommendations) == ([], [])


def test_a_record_with_another_name_is_a_mismatch(context: Any, person: Identity) -> None:
    assert check(context, person, Registry("张卫")).reasons == ["SOCIAL_MISMATCH"]


def test_no_record_is_a_recommendation_not_a_reason(context: Any, person: Identity) -> None:
    out = check(context, person, Registry(None))
    assert out.reasons == []
    assert out.recommendations == ["social_security_card"]


def test_a_name_the_card_did_not_give_is_not_compared(context: Any, person: Identity) -> None:
    unread = dataclasses.replace(person, name_read=False)
    assert check(context, unread, Registry("张卫")).reasons == []


def test_a_mismatch_under_the_forms_number_is_a_note(context: Any, person: Identity) -> None:
    typed = dataclasses.replace(person, number_read=False)
    assert check(context, typed, Registry("张卫")).reasons == ["OCR_UNREADABLE"]
