"""The text of an applications file: UTF-8, or an encoding that is named or safely recognised.

Chinese employers send CSV files as Excel saves them: GB18030 (GBK) on the mainland, Big5 in
Taiwan and Hong Kong. Read in the wrong one, names come out as other, valid-looking characters,
so a file that is not UTF-8 is read only in the encoding given (``--encoding``) or, without
one, when charset-normalizer recognises it as GB18030 (the encoding Chinese Excel writes);
anything else is refused with the encoding it looks like.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from robotlib.errors import InputError

#: what charset-normalizer calls an encoding -> the name users know it by
_FAMILIES = {
    "gb2312": "GB18030",
    "gbk": "GB18030",
    "gb18030": "GB18030",
    "hz": "GB18030",
    "big5": "Big5",
    "big5hkscs": "Big5",
    "cp950": "Big5",
}
#: the encodings read without ``--encoding`` when recognised
_READ_WHEN_RECOGNISED = "GB18030"
#: weighed first: a few names are too little text to tell GB18030 from Korean or Hebrew
_CHINESE = ["gb18030", "big5"]


def read_bytes(path: Path) -> bytes:
    """The file's bytes.

    :raises InputError: the file is missing or unreadable.
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror}") from None


def read_text(path: Path) -> str:
    """The file's text as UTF-8; a byte-order mark is dropped.

    :raises InputError: the file is missing, unreadable or not UTF-8.
    """
    data = read_bytes(path)
    try:
        # utf-8-sig: spreadsheet tools often write a byte-order mark
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} is not UTF-8 text ({_where(data, exc)}); save it as UTF-8 and submit again"
        ) from None


def decode_table(path: Path, encoding: str | None = None) -> str:
    """The text of a CSV file: in ``encoding`` when given, else UTF-8, else GB18030 when the
    bytes are recognised as such.

    :raises InputError: the file is unreadable, ``encoding`` is unknown or does not fit the
        bytes, or the file is not UTF-8 and not recognised as GB18030 (the message names the
        encoding it looks like and asks for ``--encoding``).
    """
    data = read_bytes(path)
    if encoding is not None:
        return _decode(path, data, encoding)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    looks_like = guess_encoding(data)
    if looks_like == _READ_WHEN_RECOGNISED:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass
    hint = looks_like.lower() if looks_like else "NAME"
    raise InputError(
        f"{path}: file is not UTF-8 (looks like {looks_like or 'no known encoding'}); "
        f"pass --encoding {hint}"
    )


def guess_encoding(data: bytes) -> str | None:
    """The encoding ``data`` looks like (``GB18030``, ``Big5``, ...), or None.

    The Chinese encodings employers use are weighed against each other first; other
    encodings only when neither fits the bytes.
    """
    best = from_bytes(data, cp_isolation=_CHINESE).best() or from_bytes(data).best()
    if best is None:
        return None
    return _FAMILIES.get(best.encoding, best.encoding.upper())


def _decode(path: Path, data: bytes, encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"--encoding {encoding!r} is not an encoding Python knows") from None
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path} is not {encoding} text ({_where(data, exc)}); check --encoding"
        ) from None
    return text.removeprefix("\ufeff")


def _where(data: bytes, error: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, error.start) + 1
    return f"byte 0x{data[error.start]:02x} on line {line}"
