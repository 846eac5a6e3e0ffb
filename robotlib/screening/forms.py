"""The forms of one name that screening compares: characters, folded characters, pinyin keys.

A list may write 张伟 as 張偉 (traditional), "ZHANG Wei" or "Zhang Wei" (pinyin as lists write
it), and an ID card read by OCR may come out as 张伟 with one character mistaken for a look-alike.
Each form is computed once per distinct name (entries on a list repeat names a lot).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from opencc import OpenCC

from robotlib.screening.confusions import fold_confusions
from robotlib.sources.names import name_keys, normalise

_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")
_TO_SIMPLIFIED = OpenCC("t2s")


@dataclass(frozen=True, slots=True)
class NameForms:
    """One name in every form screening compares."""

    #: NFKC, separators removed, as written
    written: str
    #: in simplified characters (equal to ``written`` for Latin names)
    simplified: str
    #: simplified, then OCR look-alikes folded to one character (Han names only, else "")
    folded: str
    #: toneless pinyin keys, one per reading of characters with several
    pinyin: frozenset[str]
    #: written in Han characters (False: a Latin transliteration)
    han: bool

    def blocking_keys(self) -> frozenset[str]:
        """Keys an entry without a birth date is indexed under: pinyin keys and the folded
        characters (look-alikes read by OCR differ in pinyin)."""
        return self.pinyin | ({"han:" + self.folded} if self.folded else frozenset())


@lru_cache(maxsize=1 << 18)
def name_forms(name: str) -> NameForms:
    """The forms of ``name`` (cached: lists and applicants repeat names)."""
    written = normalise(name)
    han = bool(_HAN.search(written))
    simplified = _TO_SIMPLIFIED.convert(written) if han else written.lower()
    return NameForms(
        written=written,
        simplified=simplified,
        folded=fold_confusions(simplified) if han else "",
        pinyin=name_keys(simplified),
        han=han,
    )
