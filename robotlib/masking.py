"""Masking personal data for anything people read: logs, tables, reports.

Number 440305********1236, phone 138****8000, name 张*.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ID_NUMBER = re.compile(r"(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")
_PHONE = re.compile(r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")
#: a personal field written as JSON (``"name": "张伟"``) or as a repr (``name='张伟'``)
_NAMED_FIELD = re.compile(
    r"""(?P<key>["']?(?:name|legal_representative|address)["']?\s*[:=]\s*)"""
    r"""(?P<quote>["'])(?P<value>[^"']+)(?P=quote)"""
)


def mask_id_number(number: str | None) -> str:
    """The ID number with all but its first six and last four characters starred."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """The phone number with all but its first three and last four digits starred."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_name(name: str | None) -> str:
    """The name with all but its first character starred (``***`` after a Latin one)."""
    if not name:
        return ""
    if name.isascii():
        return name[0] + "***"
    return name[0] + "*" * (len(name) - 1)


def mask_address(address: str | None) -> str:
    """The first six characters (province and city, as a rule), the rest starred."""
    if not address:
        return ""
    return address[:6] + "*" * min(8, max(0, len(address) - 6))


def mask_text(text: str) -> str:
    """Mask identity numbers and mobile numbers found anywhere in free text."""
    text = _ID_NUMBER.sub(lambda m: m.group(1) + "********" + m.group(2), text)
    return _PHONE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


#: names and addresses read in this process (``register_personal_values``), masked wherever
#: they appear in text that ``mask_record_text`` sees
_KNOWN: dict[str, str] = {}
#: one alternation of every known value, longest first (欧阳娜娜 before 欧阳); rebuilt only
#: when a value is added, not for every message masked
_known_pattern: re.Pattern[str] | None = None


def register_personal_values(*, names: Iterable[str] = (), addresses: Iterable[str] = ()) -> None:
    """Remember names and addresses read from applications, so free text that quotes them
    (a log line, a failure message) is masked too. Code that reads applications for Robot
    Framework keywords calls it."""
    global _known_pattern
    before = len(_KNOWN)
    _KNOWN.update({name: mask_name(name) for name in names if len(name) >= 2})
    _KNOWN.update({address: mask_address(address) for address in addresses if len(address) >= 4})
    if len(_KNOWN) != before:
        _known_pattern = None


def mask_record_text(text: str) -> str:
    """``mask_text``, the values of name and address fields of records written as JSON or
    Python reprs (what Robot Framework logs for a keyword's arguments and results), and
    every registered name and address."""

    def masked(match: re.Match[str]) -> str:
        key, value = match["key"], match["value"]
        hidden = mask_address(value) if "address" in key else mask_name(value)
        return f"{key}{match['quote']}{hidden}{match['quote']}"

    global _known_pattern
    text = _NAMED_FIELD.sub(masked, mask_text(text))
    if not _KNOWN:
        return text
    if _known_pattern is None:
        ordered = sorted(_KNOWN, key=len, reverse=True)
        _known_pattern = re.compile("|".join(re.escape(value) for value in ordered))
    return _known_pattern.sub(lambda match: _KNOWN[match.group(0)], text)
