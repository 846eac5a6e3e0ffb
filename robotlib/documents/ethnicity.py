"""The ethnicity field, held to the 56 names of GB/T 3304 that a card may print.

A value read exactly is one of a closed list and hard to misread into another. A value that is
not on the list is never passed on as read: it is mapped to the list or left out.

- A character of the value whose rival reading (``OcrLine.char_rivals``) makes it a listed
  name (汊, with 汉 as its rival) is that name, at the repair factor: the recogniser itself
  weighed the listed character there.
- Otherwise a value one edit from exactly one listed name of two or more characters (维吾示,
  维吾) is that name, doubted (``DOUBTED``): likely, yet nothing but the list vouches for it,
  so a person checks it. A one-character value off the list is one edit from every one-
  character name, so it says nothing and is left out.
"""

from __future__ import annotations

from robotlib.documents.confidence import put_field, supported
from robotlib.documents.corroboration import DOUBTED, STRUCTURE
from robotlib.documents.layout import Row
from robotlib.documents.reading import CardReading
from robotlib.documents.vocabulary import ETHNIC_GROUPS, HANZI
from robotlib.ocr.engine import Rivals

LABEL = "民族"
#: a rival this likely is the recogniser's own second thought, not noise
MIN_RIVAL = 0.001
#: characters a garbled 民族 label leaves before the value when OCR merged the two
_LABEL_WIDTH = 2


def put_ethnicity(reading: CardReading, row: Row, rest: str) -> None:
    """Record the ethnicity from ``rest``, the text after the sex on ``row`` (or after 民族)."""
    labelled = LABEL in rest
    value = "".join(HANZI.findall(rest.split(LABEL, 1)[-1]))
    if not value:
        return
    score = row.score_of(value)
    if value in ETHNIC_GROUPS:
        put_field(reading, "ethnicity", value, supported(score, STRUCTURE), False)
        return
    # Without its label the value may carry the label's garbled remains in front (民旅汉).
    tails = [value] if labelled else [value[i:] for i in range(min(_LABEL_WIDTH, len(value)) + 1)]
    tails = [tail for tail in tails if tail]
    for tail in tails:
        if tail in ETHNIC_GROUPS and not labelled:
            put_field(reading, "ethnicity", tail, score, True)
            return
    # Rivals pair with the value's characters only when the row ends with the value.
    rivals = row.rivals_of_last(len(value)) if row.text.endswith(value) else []
    for tail in tails:
        backed = _backed_by_rivals(tail, rivals[len(value) - len(tail) :])
        if backed is not None:
            put_field(reading, "ethnicity", backed, score, True)
            return
    for tail in tails:
        near = _one_edit_away(tail)
        if near is not None:
            put_field(reading, "ethnicity", near, min(score, DOUBTED), True)
            return


def _backed_by_rivals(text: str, rivals: list[Rivals]) -> str | None:
    """The listed name ``text`` becomes when characters are replaced by likely rivals."""
    if len(rivals) != len(text) or not any(rivals):
        return None
    best: tuple[float, str] | None = None
    for group in ETHNIC_GROUPS:
        if len(group) != len(text):
            continue
        weight = 1.0
        for read, wanted, its_rivals in zip(text, group, rivals, strict=True):
            if read != wanted:
                weight *= dict(its_rivals).get(wanted, 0.0)
        if weight >= MIN_RIVAL and weight < 1.0 and (best is None or weight > best[0]):
            best = (weight, group)
    return best[1] if best else None


def _one_edit_away(text: str) -> str | None:
    """The only listed name of two or more characters one edit from ``text``, if exactly one."""
    found = [g for g in ETHNIC_GROUPS if len(g) >= 2 and _edits_at_most_one(text, g)]
    return found[0] if len(found) == 1 else None


def _edits_at_most_one(a: str, b: str) -> bool:
    """Whether one substitution, insertion or deletion (or none) turns ``a`` into ``b``."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
