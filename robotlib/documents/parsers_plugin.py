"""Built-in plugin: the parsers of the resident ID card's two sides and the business licence."""

from __future__ import annotations

from collections.abc import Callable

from robotlib.documents.idcard_back import parse_back
from robotlib.documents.idcard_front import parse_front
from robotlib.documents.licence import parse_licence
from robotlib.documents.parsers import DOCUMENT_KEYS, DocumentParser
from robotlib.documents.reading import Side
from robotlib.plugins.host import hookimpl


@hookimpl
def register_document_parsers(register: Callable[[str, DocumentParser], None]) -> None:
    register(DOCUMENT_KEYS[Side.FRONT], parse_front)
    register(DOCUMENT_KEYS[Side.BACK], parse_back)
    register(DOCUMENT_KEYS[Side.LICENCE], parse_licence)
