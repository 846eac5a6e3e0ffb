"""Document images sealed into the pool when their application is submitted.

The pool keeps its own encrypted copy of every document an application names, so what
veribot holds at rest is encrypted like the rest of the application, wherever the intake
folder was. A file that is missing, unreadable or over ``MAX_DOCUMENT_BYTES`` is not copied:
the bot then meets it at its original path and reports it (DOC_MISSING, DOC_INVALID).
"""

from __future__ import annotations

from pathlib import Path

from robotlib.model import Application
from robotlib.protection import KeyRing

DOCUMENT_PURPOSE = "document"
#: larger files are left where they are; the bot's own image limits refuse them
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


def document_paths(application: Application) -> dict[str, Path]:
    """The documents an application names, by slot (``id_front``, ``id_back``, ...)."""
    return {slot: path for slot, path in application.documents if isinstance(path, Path)}


def sealed_documents(keyring: KeyRing, application: Application) -> list[tuple[str, bytes]]:
    """``(slot, sealed bytes)`` of each document file that can be read."""
    sealed = []
    for slot, path in document_paths(application).items():
        try:
            if not path.is_file() or path.stat().st_size > MAX_DOCUMENT_BYTES:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        sealed.append((slot, keyring.seal_bytes(data, DOCUMENT_PURPOSE)))
    return sealed
