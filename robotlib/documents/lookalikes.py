"""A rare character of a name read as its common look-alike (谭彧 read as 谭或, 毛淼 as 毛森).

The recogniser learnt from running text, where 彧 is far rarer than 或; on a blurred photo it
answers with the common character, at a score (0.98) that passes for a sure read. Given names
are where such characters are chosen on purpose: 彧 is given about two thirds as often as 或.
The recogniser still shows the doubt, in its runners-up: the true character is the rival
reading in that place, at 0.002 to 0.2.

So each rival reading of a given-name character is weighed as a name would weigh it: its
probability times how often it is given in names against the character read (``name_odds``).
Only rivals rarer in running text than the character read count, those the recogniser's
training held down: GB2312's first level holds the 3,755 most frequent hanzi, its second the
3,008 rarer ones, and the rest are rarer still (彧, 昇) or traditional forms (瑤 for 瑶, which
names almost never give, so they weigh nothing). The name frequencies are ngender's table of
32 million characters of real given names.

Measured on 800 card photos from bench/ocr.py's sets (500 hard, 200 phone, 100 scan;
docs/documents.md): the three names misread with a sure score weighed 0.0007 (毛淼 as 毛森),
0.013 (谭彧 as 谭或) and 0.09 (汤海昇 as 汤海异); of the 711 names read right with a sure score,
one weighed over ``RIVAL_NAME_ODDS`` (董瑾, 0.001: 璟, a name character, at 0.006 beside 瑾) and
the next 0.0002.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from robotlib.documents.surnames import surname_length
from robotlib.documents.vocabulary import HANZI
from robotlib.ocr.engine import Rivals

#: a rival this likely, weighed by names, makes the name's reading doubtful
RIVAL_NAME_ODDS = 0.0004
#: confidence multiplier for such a name: a sure read (0.99) drops under the bots' threshold
#: (0.8), so the name is checked against the form and the registries, not taken as read
LOOKALIKE = 0.75
#: GB2312's first byte of its second level of hanzi (rows 56-87); the first level is below
_SECOND_LEVEL = 0xD8


def text_rarity(char: str) -> int:
    """How rare ``char`` is in running text: 1 common (GB2312 level 1), 2 rarer (level 2), 3
    rarer still (outside GB2312: rare hanzi and traditional forms), 0 not a hanzi."""
    if not HANZI.fullmatch(char):
        return 0
    try:
        encoded = char.encode("gb2312")
    except UnicodeEncodeError:
        return 3
    return 1 if encoded[0] < _SECOND_LEVEL else 2


@cache
def given_name_counts() -> dict[str, int]:
    """How often each character occurs in real given names (ngender's ``charfreq.csv``)."""
    table = files("ngender").joinpath("charfreq.csv")
    with table.open(encoding="utf-8") as rows:
        return {row["char"]: int(row["male"]) + int(row["female"]) for row in csv.DictReader(rows)}


def name_odds(char: str, rivals: Rivals) -> float:
    """The likeliest rival reading of given-name character ``char``, weighed by names.

    A rival's probability times how often names give it against ``char``, for rivals rarer in
    running text than ``char``; 0 when there is none.
    """
    rarity = text_rarity(char)
    if rarity == 0:
        return 0.0
    counts = given_name_counts()
    read = counts.get(char, 0) + 1
    return max(
        (
            weight * (counts.get(rival, 0) + 1) / read
            for rival, weight in rivals
            if text_rarity(rival) > rarity
        ),
        default=0.0,
    )


def lookalike_factor(name: str, rivals: Sequence[Rivals]) -> float:
    """``LOOKALIKE`` when a given-name character of ``name`` may be a rarer one misread, else 1.

    ``rivals`` are per character of ``name`` (none from an engine that gives none: no doubt).
    The surname is left out: the table counts given names only. So is a minority name written
    in transliteration (买买提·司马义): its characters stand for sounds, from a set of common
    ones, and are not chosen the way a Han given name's are.
    """
    if len(rivals) != len(name) or "·" in name:
        return 1.0
    given = range(surname_length(name), len(name))
    doubted = any(name_odds(name[i], rivals[i]) >= RIVAL_NAME_ODDS for i in given)
    return LOOKALIKE if doubted else 1.0
