"""Document parsers by document key: what turns a document's OCR lines into fields.

Parsers are registered by plugins (``register_document_parsers``), the ID card's sides and the
business licence by the built-in ``robotlib.documents.parsers_plugin``; an application may
name a document (``documents.<key>``) only when a parser is registered for its key.
"""

from __future__ import annotations

from collections.abc import Callable

from robotlib.documents.reading import CardReading, Side
from robotlib.errors import ConfigError
from robotlib.ocr.engine import OcrLine
from robotlib.plugins.host import get_document_parsers

#: OCR lines of one document, top to bottom, -> the fields read from them
DocumentParser = Callable[[list[OcrLine]], CardReading]

#: the application's document key of each built-in side
DOCUMENT_KEYS: dict[Side, str] = {
    Side.FRONT: "id_front",
    Side.BACK: "id_back",
    Side.LICENCE: "licence",
}


def document_parsers() -> dict[str, DocumentParser]:
    """Every registered parser, by document key."""
    return get_document_parsers()


def parser_for(document: Side | str) -> DocumentParser:
    """The parser of ``document`` (a side of the built-ins, or a document key).

    :raises ConfigError: no loaded plugin parses that document.
    """
    key = DOCUMENT_KEYS[document] if isinstance(document, Side) else document
    parsers = document_parsers()
    if key not in parsers:
        known = ", ".join(sorted(parsers)) or "none"
        raise ConfigError(
            f"no document parser is registered for {key!r} (known: {known}); "
            "install the plugin that reads it"
        )
    return parsers[key]
