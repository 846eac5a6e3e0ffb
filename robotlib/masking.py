"""Masking personal data for anything people read: logs, tables, reports.

Number 440305********1236, phone 138****8000, name 张*.
"""

from __future__ import annotations

import re

_ID_NUMBER = re.compile(r"(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")
_PHONE = re.compile(r"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")


def mask_id_number(number: str | None) -> str:
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_name(name: str | None) -> str:
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
