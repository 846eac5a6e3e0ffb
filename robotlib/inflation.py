"""Decompression caps: how far a zip archive (a photo zip, an .xlsx workbook) may inflate.

A small archive can hold members that inflate a thousandfold (a zip bomb), or so many members
that listing them is the attack. The caps are checked against the central directory, before a
byte is inflated: Python's ``zipfile`` never inflates a member past its declared size (it stops
there and the CRC check fails), so the declared sizes bound the real work.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from robotlib.errors import InputError

MIB = 1024 * 1024


@dataclass(frozen=True)
class ZipCaps:
    """What one kind of archive may hold."""

    #: more members than this are refused
    max_members: int
    #: more uncompressed bytes than this, all members together, are refused
    max_bytes: int
    #: a member inflating to more than this many times its compressed size is refused ...
    max_ratio: float
    #: ... once it inflates to more than this many bytes (small files compress oddly)
    ratio_floor: int = MIB


def check_inflation(archive: zipfile.ZipFile, path: Path, caps: ZipCaps) -> list[zipfile.ZipInfo]:
    """The members of ``archive`` (read from ``path``), once they are within ``caps``.

    :raises InputError: naming ``path``, the member where there is one, and the cap exceeded.
    """
    members = archive.infolist()
    if len(members) > caps.max_members:
        raise InputError(
            f"{path}: {len(members)} members, over the cap of {caps.max_members} per archive"
        )
    total = sum(member.file_size for member in members)
    if total > caps.max_bytes:
        raise InputError(
            f"{path}: unpacks to {total} bytes, over the cap of {caps.max_bytes} bytes"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > caps.ratio_floor and ratio > caps.max_ratio:
            raise InputError(
                f"{path}: member {member.filename!r} inflates {ratio:.0f} times "
                f"({member.compress_size} to {member.file_size} bytes), over the cap of "
                f"{caps.max_ratio:.0f} (zip bomb)"
            )
    return members
