"""Keywords that read documents and query sources, within the robot's grants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from robotlibcore import keyword

from robotlib.documents.idcard import read_card
from robotlib.documents.image import load_image
from robotlib.documents.reading import Side
from robotlib.library.context import LibraryContext
from robotlib.library.errors import VeribotLibraryError
from robotlib.sources.base import (
    GovIdentitySource,
    ScreeningSource,
    SocialSecuritySource,
    TelecomSource,
)


class DocumentKeywords:
    """OCR documents and query sources."""

    def __init__(self, ctx: LibraryContext) -> None:
        self.ctx = ctx

    @keyword("Read ID Card")
    def read_id_card(self, image: Path, side: Side = Side.FRONT) -> dict[str, str]:
        """OCR one side of a resident ID card photo and return the fields read.

        ``side`` is ``front`` (name, sex, ethnicity, birth date, address, number) or ``back``
        (issuing authority, validity period). A field that cannot be read is left out, never
        guessed. Needs scope ``ocr``.

        Example:
        | ${card}=    Read ID Card    ${IMAGES}/SZ-000001-front.jpg
        | Should Match Regexp    ${card}[id_number]    ^\\d{17}[\\dX]$
        """
        self.ctx.require("ocr")
        engine = self.ctx.call(lambda: self.ctx.worker.ocr)
        if engine is None:
            raise VeribotLibraryError("no OCR engine is loaded: no installed bot needs one")
        picture = self.ctx.call(lambda: load_image(image))
        reading = read_card(engine, picture, side)
        self.ctx.guard.remember([reading.fields.get("name")])
        return dict(reading.fields)

    @keyword
    def query_source(
        self,
        source: str,
        id_number: str | None = None,
        phone: str | None = None,
        name: str | None = None,
        birth_date: dt.date | None = None,
    ) -> Any:
        """Ask the configured source ``source`` about one person; needs scope ``source:NAME``.

        Government identity and social-security sources answer by ``id_number`` (a record,
        or None when unknown); black/grey lists screen ``id_number``, ``name`` and
        ``birth_date`` (a list of hits); telecom sources answer by ``phone`` (the real-name
        registration, or None). Records are dictionaries.

        Example:
        | ${record}=    Query Source    gov_identity    id_number=${id_number}
        | Should Be Equal    ${record}[status]    normal
        """
        self.ctx.require(f"source:{source}")
        if source not in self.ctx.config.sources:
            raise VeribotLibraryError(
                f"source {source!r} is not configured (add [sources.{source}] to veribot.toml)"
            )
        connector = self.ctx.call(lambda: self.ctx.sources[source])
        with self.ctx.errors():
            answer = _ask(connector, source, id_number, phone, name, birth_date)
        if isinstance(answer, list):
            hits = [hit.model_dump(mode="json") for hit in answer]
            self.ctx.guard.remember(hit["entry"]["name"] for hit in hits)
            return hits
        if isinstance(answer, BaseModel):
            record = answer.model_dump(mode="json")
            self.ctx.guard.remember([record.get("name")])
            return record
        return None


def _ask(
    connector: object,
    source: str,
    id_number: str | None,
    phone: str | None,
    name: str | None,
    birth_date: dt.date | None,
) -> BaseModel | list[Any] | None:
    def needs(value: str | None, argument: str) -> str:
        if not value:
            raise VeribotLibraryError(f"source {source!r} is asked by {argument}")
        return value

    if isinstance(connector, GovIdentitySource | SocialSecuritySource):
        return connector.lookup(needs(id_number, "id_number"))
    if isinstance(connector, ScreeningSource):
        return list(connector.screen(id_number or "", needs(name, "name"), birth_date))
    if isinstance(connector, TelecomSource):
        return connector.owner(needs(phone, "phone"))
    raise VeribotLibraryError(f"source {source!r} is of a kind this keyword cannot ask")
