"""BotContext gives a bot only what its robot is granted: a matrix over scopes and sources."""

from itertools import combinations

import pytest

from robotlib.audit.events import PERMISSION_DENIED, SOURCE_QUERY
from robotlib.bot import BotContext
from robotlib.errors import PermissionDenied
from robotlib.sources.base import Source

SOURCES = ("gov_identity", "social_security", "blacklist", "telecom")
ALL_SCOPES = frozenset({"ocr", *(f"source:{name}" for name in SOURCES)})


class RecordingSource(Source):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.asked: list[str] = []

    def lookup(self, id_number: str) -> str:
        self.asked.append(id_number)
        return "found"


def context(scopes: frozenset[str]) -> tuple[BotContext, dict[str, RecordingSource]]:
    sources = {name: RecordingSource(name) for name in SOURCES}
    ctx = BotContext(
        bot_name="probe",
        scopes=scopes,
        sources=sources,
        ocr=None,
        ref="A-1",
        actor="robot-7",
    )
    return ctx, sources


@pytest.mark.parametrize(
    "held",
    [
        frozenset(c)
        for size in range(len(ALL_SCOPES) + 1)
        for c in combinations(sorted(ALL_SCOPES), size)
    ],
    ids=lambda held: "+".join(sorted(held)) or "nothing",
)
def test_each_source_answers_exactly_when_its_scope_is_held(held: frozenset[str]) -> None:
    ctx, sources = context(held)
    for name in SOURCES:
        if f"source:{name}" in held:
            assert ctx.source(name).lookup("440305199003071236") == "found"  # type: ignore[attr-defined]
            assert sources[name].asked == ["440305199003071236"]
        else:
            with pytest.raises(PermissionDenied, match=f"source:{name}"):
                ctx.source(name)
            assert sources[name].asked == []
    denied = {e.detail["scope"] for e in ctx.audit if e.action == PERMISSION_DENIED}
    queried = {e.detail["source"] for e in ctx.audit if e.action == SOURCE_QUERY}
    assert denied == {f"source:{n}" for n in SOURCES} - held
    assert queried == {n for n in SOURCES if f"source:{n}" in held}


def test_ocr_needs_its_scope_and_audit_records_hold_no_queried_values() -> None:
    ctx, _ = context(frozenset({"source:blacklist"}))
    with pytest.raises(PermissionDenied, match="'ocr'"):
        ctx.ocr()
    ctx.source("blacklist").lookup("440305199003071236")  # type: ignore[attr-defined]

    assert [e.action for e in ctx.audit] == [PERMISSION_DENIED, SOURCE_QUERY]
    assert all(e.actor == "robot-7" and e.ref == "A-1" for e in ctx.audit)
    assert "440305199003071236" not in "".join(e.detail_json() for e in ctx.audit)
