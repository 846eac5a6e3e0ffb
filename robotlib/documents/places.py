"""Place names of the mainland, to catch an address or authority with one character misread.

Under blur the recogniser swaps a rare character for a common look-alike (鲅鱼圈区 -> 鼓鱼圈区)
with a high score. An address or issuing authority holding a place-like word that is one
character away from a known prefecture or county name, without being one, is such a misread.
The names come from the region table python-stdnum ships (``stdnum/cn/loc.dat``), current and
former names alike.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_NAME_VALUE = re.compile(r'(?:province|prefecture|county)="([^"]*)"')
_SPAN = re.compile(r"^\[\d*-\d*\]")
#: the characters a prefecture- or county-level name ends with
_SUFFIXES = "省市区县州旗盟"
_WILDCARD = "?"
#: words ending in 区 that name no district: a housing estate, a community, a campus, a scenic
#: area (淼泉小区 is one character from no 区 the table knows, yet no misread either)
_NOT_DISTRICTS = ("小区", "社区", "校区", "景区")
#: longest place name (巍山彝族回族自治县 and longer autonomous counties)
_LONGEST = 14
#: near misses are looked for among words of up to this many characters before the suffix
_LONGEST_MISS = 12


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    """(names, names with one character replaced by a wildcard)."""
    text = resources.files("stdnum").joinpath("cn/loc.dat").read_text(encoding="utf-8")
    names = set()
    for value in _NAME_VALUE.findall(text):
        for part in value.split(","):
            name = _SPAN.sub("", part.strip())
            if len(name) >= 2 and name[-1] in _SUFFIXES:
                names.add(name)
                # 南山区 is printed 南山分局 in an authority
                if name[-1] in "区县":
                    names.add((name[:-1] if len(name) > 2 else name) + "分局")
    blurred = frozenset(k for name in names if len(name) >= 3 for k in _blurred(name))
    return frozenset(names), blurred


def _blurred(word: str) -> list[str]:
    return [word[:i] + _WILDCARD + word[i + 1 :] for i in range(len(word) - 1)]


def near_miss(text: str) -> str | None:
    """A word of ``text`` one character away from a known place name, or ``None``.

    Only the characters before the suffix (区, 县, 市, 分局...) may differ, and no part of a word
    that is itself a known name is ever a near miss.
    """
    _, blurred = _names()
    ends = _suffix_ends(text)
    covered = known_places(text)
    for end, stop in ends:
        if end in covered or text[end - 1 : end + 1] in _NOT_DISTRICTS:
            continue
        for start in range(max(0, end - _LONGEST_MISS), end - 1):
            word = text[start:stop]
            # a word starting with a suffix straddles the place before it (市沧县 in 沧州市沧县)
            if word[0] in _SUFFIXES:
                continue
            if any(key in blurred for key in _blurred(word)):
                return word
    return None


def known_places(text: str) -> set[int]:
    """Positions of the characters of ``text`` that belong to a known place name.

    A two-character county (宁县, 沧县) is too short to vouch for the word it ends.
    """
    names, _ = _names()
    covered: set[int] = set()
    for end, stop in _suffix_ends(text):
        for start in range(max(0, end - _LONGEST), end - 1):
            if text[start:stop] in names:
                covered.update(range(start, stop))
    return covered


def _suffix_ends(text: str) -> list[tuple[int, int]]:
    """(where, after) each place suffix of ``text`` (区, 县, 市, 分局...) is."""
    return [
        (end, end + (2 if text.startswith("分局", end) else 1))
        for end in range(len(text))
        if text[end] in _SUFFIXES or text.startswith("分局", end)
    ]
