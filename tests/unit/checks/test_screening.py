from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from robotlib.bot import BotOutcome
from robotlib.checks.identity import Identity
from robotlib.checks.screening import check_lists
from robotlib.sources.base import ScreeningSource
from robotlib.sources.records import ListEntry, ListHit


class Lists(ScreeningSource):
    def __init__(self, *hits: ListHit) -> None:
        super().__init__("blacklist")
        self.hits = list(hits)
        self.asked: list[tuple[str, str, dt.date | None]] = []

    def screen(self, id_number: str, name: str, birth_date: dt.date | None) -> list[ListHit]:
        self.asked.append((id_number, name, birth_date))
        return self.hits


def hit(level: str, rule: str) -> ListHit:
    entry = ListEntry(list="pboc", level=level, id_number="440305199003071236", name="张伟")
    return ListHit(entry=entry, rule=rule, score=1.0, evidence=("test",))


def test_no_hit_has_no_reasons(context: Any, person: Identity) -> None:
    lists = Lists()
    out = BotOutcome()
    check_lists(person, context(blacklist=lists), out)
    assert out.reasons == []
    assert lists.asked == [(person.id_number, person.name, person.birth_date)]


@pytest.mark.parametrize(
    ("level", "rule", "reason"),
    [
        ("black", "id_number", "BLACKLIST_HIT"),
        ("black", "name_birth_date", "BLACKLIST_NAME_MATCH"),
        ("grey", "id_number", "GREYLIST_HIT"),
        ("grey", "name_birth_date", "GREYLIST_HIT"),
    ],
)
def test_each_hit_gives_its_code(
    context: Any, person: Identity, level: str, rule: str, reason: str
) -> None:
    out = BotOutcome()
    check_lists(person, context(blacklist=Lists(hit(level, rule))), out)
    assert out.reasons == [reason], (level, rule)
