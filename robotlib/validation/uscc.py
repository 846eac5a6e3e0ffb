"""The unified social credit code (GB 32100-2015) on a business licence.

Format, checksum and registering region, with python-stdnum's ``cn.uscc``.
"""

from __future__ import annotations

from dataclasses import dataclass

from stdnum import numdb
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, ValidationError


@dataclass(frozen=True)
class UsccCheck:
    """What the code says about itself; ``problem`` is ``None`` when valid, else one of
    ``"format"``, ``"checksum"``, ``"region code"``."""

    code: str
    valid: bool
    problem: str | None = None
    #: the province of the registering region (characters 3-8), when known
    province: str | None = None


def check_uscc(code: str) -> UsccCheck:
    """Check ``code`` completely (spaces and lower case are tolerated)."""
    compact = uscc.compact(code)
    try:
        uscc.validate(compact)
    except InvalidChecksum:
        return UsccCheck(compact, False, "checksum", _province(compact))
    except ValidationError:
        return UsccCheck(compact, False, "format")
    province = _province(compact)
    if province is None:
        return UsccCheck(compact, False, "region code")
    return UsccCheck(compact, True, None, province)


def with_check_character(first17: str) -> str:
    """The full code for its first 17 characters (for tests and the synthetic world)."""
    return first17 + uscc.calc_check_digit(first17)


def _province(code: str) -> str | None:
    region = code[2:8]
    if not region.isdigit():
        return None
    for _prefix, info in numdb.get("cn/loc").info(region)[:1]:
        return info.get("province")
    return None
