"""Unpacking a zip archive into a folder without letting it reach anything else.

Every member is checked before the first is written: a path that is absolute, names a drive
or climbs out with ``..`` (zip slip), a link or device member, and an archive over its
``ZipCaps`` (zip bomb) are refused. Bytes are counted again while copying, so a member whose
declared size lies cannot write more than the cap either. What is written is readable by its
owner only (folders 0700, files 0600) and never replaces a file that exists.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import IO

from robotlib.errors import InputError
from robotlib.inflation import ZipCaps, check_inflation

_CHUNK = 1 << 20


def unpack_zip(
    path: Path, target: Path, caps: ZipCaps, keep: Callable[[PurePosixPath], bool]
) -> list[Path]:
    """Unpack the members of the zip at ``path`` that ``keep`` accepts into ``target``.

    Folders inside the archive are kept. Returns the files written.

    :raises InputError: naming ``path`` and the member: not a readable zip, a member path
        that leaves ``target``, a link or special member, a name twice, or over ``caps``.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = check_inflation(archive, path, caps)
            named = [(member, _safe_name(path, member)) for member in members]
            budget = caps.max_bytes
            written = []
            for member, name in named:
                if member.is_dir() or not keep(name):
                    continue
                dest = _private_folders(target, name.parts[:-1]) / name.name
                with archive.open(member) as source, _create(path, member, dest) as sink:
                    budget -= _copy(source, sink, budget, path, caps)
                written.append(dest)
            return written
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path} is not a readable zip archive: {exc}") from None
    except OSError as exc:
        raise InputError(f"{path} cannot be unpacked: {exc.strerror or exc}") from None


def _safe_name(path: Path, member: zipfile.ZipInfo) -> PurePosixPath:
    """The member's path inside the archive, refusing one that leaves it or is no plain file."""
    name = PurePosixPath(member.filename.replace("\\", "/"))
    parts = name.parts
    if name.is_absolute() or ".." in parts or (parts and parts[0].endswith(":")):
        raise InputError(f"{path}: member {member.filename!r} points outside the archive")
    kind = stat.S_IFMT(member.external_attr >> 16)
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        what = "a symbolic link" if kind == stat.S_IFLNK else "not a plain file"
        raise InputError(f"{path}: member {member.filename!r} is {what}; only files are unpacked")
    return name


def _private_folders(target: Path, parts: tuple[str, ...]) -> Path:
    folder = target
    for part in parts:
        folder = folder / part
        folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _create(path: Path, member: zipfile.ZipInfo, dest: Path) -> IO[bytes]:
    try:
        descriptor = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        raise InputError(f"{path}: member {member.filename!r} is in the archive twice") from None
    return os.fdopen(descriptor, "wb")


def _copy(source: IO[bytes], sink: IO[bytes], budget: int, path: Path, caps: ZipCaps) -> int:
    """Copy one member; the bytes written, refusing to go past ``budget``."""
    written = 0
    while chunk := source.read(_CHUNK):
        written += len(chunk)
        if written > budget:
            raise InputError(f"{path}: unpacks to over the cap of {caps.max_bytes} bytes")
        sink.write(chunk)
    return written
