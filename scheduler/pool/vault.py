"""Document images sealed into the pool when their application is submitted.

The pool keeps its own encrypted copy of every document an application names, so what
veribot holds at rest is encrypted like the rest of the application, wherever the intake
folder was. A file that is missing, unreadable, a symlink, not a regular file or over
``MAX_DOCUMENT_BYTES`` is not copied: the bot then meets it at its original path and reports
it (DOC_MISSING, DOC_INVALID). Where documents may come from is the intake's to check
(``robotlib.intake.confine``) before it calls ``submit``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from robotlib.config import MAX_DOCUMENT_MB_LIMIT
from robotlib.model import Application
from robotlib.protection import KeyRing

DOCUMENT_PURPOSE = "document"
#: larger files are left where they are (intake refuses them first: ``[intake]
#: max_document_mb`` is at most this)
MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MB_LIMIT * 1024 * 1024


def document_paths(application: Application) -> dict[str, Path]:
    """The documents an application names, by slot (``id_front``, ``id_back``, ...)."""
    return {slot: path for slot, path in application.documents if isinstance(path, Path)}


def sealed_documents(keyring: KeyRing, application: Application) -> list[tuple[str, bytes]]:
    """``(slot, sealed bytes)`` of each document that is a regular file within the cap."""
    sealed = []
    for slot, path in document_paths(application).items():
        data = read_document(path)
        if data is not None:
            sealed.append((slot, keyring.seal_bytes(data, DOCUMENT_PURPOSE)))
    return sealed


def read_document(path: Path) -> bytes | None:
    """The bytes of the regular file at ``path``, or None when it is missing, unreadable, a
    symlink (intake hands over resolved paths: one now is a file swapped since), not a
    regular file, or over ``MAX_DOCUMENT_BYTES``. A FIFO or device is never waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_DOCUMENT_BYTES:
            return None
        # read one byte past the cap: a file that grew since fstat is refused too
        data = file.read(MAX_DOCUMENT_BYTES + 1)
    return data if len(data) <= MAX_DOCUMENT_BYTES else None
