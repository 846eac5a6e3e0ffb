"""The person against the black and grey lists."""

from __future__ import annotations

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.identity import Identity
from robotlib.model import ReasonCode
from robotlib.sources.base import ScreeningSource
from robotlib.sources.records import ListLevel

R = ReasonCode


def check_lists(person: Identity, ctx: BotContext, out: BotOutcome) -> None:
    """GREYLIST_HIT for a grey-list entry; BLACKLIST_HIT for a black-list entry matched by
    ID number, BLACKLIST_NAME_MATCH for one matched by name and birth date."""
    source = ctx.source("blacklist", ScreeningSource)
    for hit in source.screen(person.id_number, person.name, person.birth_date):
        # the explanation names rule, score, list and evidence, never the person
        ctx.log.info("list hit: {why}", why=hit.explain())
        if hit.entry.level is ListLevel.GREY:
            out.add(R.GREYLIST_HIT)
        elif hit.rule == "id_number":
            out.add(R.BLACKLIST_HIT)
        else:
            out.add(R.BLACKLIST_NAME_MATCH)
