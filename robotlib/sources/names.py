"""Name keys for screening: Han names and their pinyin spellings compare equal.

Lists write 张伟 as "ZHANG Wei", "Zhang Wei" or "zhangwei"; a key is the toneless pinyin
syllables, lower case, without spaces. Characters with several readings (单 dan/shan,
曾 ceng/zeng) give several keys so the reading a list chose still matches.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, pinyin

_MAX_KEYS = 32
_NON_LETTERS = re.compile(r"[^a-z]")
_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")
_SEPARATORS = re.compile(r"[\s·•.\-_'’]+")


def normalise(name: str) -> str:
    """NFKC, no separators: '张 伟' and '张伟' are one name; the middle dot of minority
    names is dropped."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", name)).strip()


def _latin_key(name: str) -> str:
    # Lü, Lu and Lv are one surname as lists write it: strip diacritics, v -> u
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    return _NON_LETTERS.sub("", stripped.lower()).replace("v", "u")


def name_keys(name: str) -> frozenset[str]:
    """Every pinyin key this name may be written as (one for Latin-script names)."""
    name = normalise(name)
    if not name:
        return frozenset()
    if not _HAN.search(name):
        return frozenset({_latin_key(name)})
    choices = [_readings(ch) for ch in name]
    keys: set[str] = set()
    for combo in itertools.product(*choices):
        keys.add(_latin_key("".join(combo)))
        if len(keys) >= _MAX_KEYS:
            break
    return frozenset(keys)


@lru_cache(maxsize=1 << 16)
def _readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of one character (the character itself when it has none).

    Readings are taken per character, not per word: a name is not a dictionary word, and
    the union of readings is what lets the reading a list chose match (单 dan / shan)."""
    [options] = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="default")
    return tuple(sorted({option.lower() for option in options}))
