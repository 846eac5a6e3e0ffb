"""Keeping submitted document paths inside the intake folders.

A document path in a submitted record is a request to copy that file into the pool, so it is
only honoured when it resolves (symlinks followed) inside an intake root: the folder of the
submitted file or the ``--images`` folder, and the folders of ``[intake] roots``. It must then
be a regular file (not a device, FIFO or folder) no larger than ``[intake] max_document_mb``.
A path that names nothing yet is left alone: the bot reports it as ``DOC_MISSING``.

Every face that takes document paths (``veribot submit``, the Robot Framework keywords, the
WorkItems adapter) checks them here, so they cannot drift apart. Errors never repeat the path:
file names may carry personal data.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from robotlib.config import DEFAULT_MAX_DOCUMENT_MB, Config
from robotlib.errors import InputError

_MB = 1024 * 1024


class DocumentRefused(InputError):
    """A document path leads outside the intake folders, to something other than a regular
    file, or to a file over the size cap."""


@dataclass(frozen=True)
class DocumentLimits:
    """Where documents may come from besides the submitted file's own folder, and how big."""

    #: folders documents may also come from (``[intake] roots``), absolute
    roots: tuple[Path, ...] = ()
    #: the largest document accepted, in bytes (``[intake] max_document_mb``)
    max_bytes: int = int(DEFAULT_MAX_DOCUMENT_MB * _MB)

    @classmethod
    def from_config(cls, config: Config) -> DocumentLimits:
        """The limits of ``[intake]``, its roots resolved against the config file's folder."""
        return cls(
            roots=tuple(config.resolve(root) for root in config.intake.roots),
            max_bytes=config.intake.max_document_bytes,
        )

    def confine(self, path: Path | str, base: Path) -> Path:
        """``path`` (relative to ``base``) as an absolute path inside ``base`` or a root.

        :raises DocumentRefused: the reason, without the path.
        """
        return confine(path, base, (base, *self.roots), self.max_bytes)


def confine(path: Path | str, base: Path, roots: Sequence[Path], max_bytes: int) -> Path:
    """``path`` resolved against ``base``, symlinks followed, checked to lie inside one of
    ``roots`` and to be a regular file of at most ``max_bytes`` (when it exists).

    :raises DocumentRefused: the path leads outside every root, to a device, FIFO, socket or
        folder, or to a file over the cap; the message says which, never the path.
    """
    resolved = (base / path).resolve()
    if not any(resolved.is_relative_to(root.resolve()) for root in roots):
        raise DocumentRefused(
            "leads outside the intake folders (the submitted file's folder or --images, "
            "and [intake] roots); the document was not copied"
        )
    try:
        info = os.stat(resolved)
    except FileNotFoundError:
        return resolved
    except OSError as exc:
        raise DocumentRefused(f"cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise DocumentRefused(f"is not a regular file ({_kind(info.st_mode)})")
    if info.st_size > max_bytes:
        raise DocumentRefused(
            f"is {info.st_size / _MB:.1f} MB, over the {max_bytes / _MB:g} MB cap "
            "([intake] max_document_mb)"
        )
    return resolved


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"
