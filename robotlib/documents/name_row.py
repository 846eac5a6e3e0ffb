"""Which rows of a front cannot be its name: the ethnicity row, and rows away from the name's place.

The parser takes the name from the lowest row with CJK text above the sex row. On a hard photo
the detector sometimes misses the sex row, or reads the ethnicity row as garble (民旅藏, 国区),
and that row would be taken for the name: a wrong name that, sure enough, reaches the
registries, and that otherwise contradicts the right name a closer read finds. So a row is
not the name when

- it holds nothing but characters of the 姓名 label (姓: the label without a name); or
- it holds the 民族 label, or an ethnic group's name (``ETHNIC_GROUPS``) after no more than the
  label's width of characters one of which is the label's (民旅藏: a garbled 民族 and 藏); a
  name that merely ends in a group's character (李白) is kept; or
- its place on the card, in card pixels scaled by the number's printed width, is not the
  name's: its text starts right of half-way between the name's start and the 民族 label's
  (国区, read where 民族 is printed), or, the birth row found, its middle lies less far above
  the birth row's than half-way from the sex row's to the name's.

Without the number's line no place is known and only the text rules apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from robotlib.documents.layout import Line, Row
from robotlib.documents.vocabulary import ETHNIC_GROUPS, HANZI

#: the number's line, centred down it, in card pixels from the card's top edge (measured on
#: rendered cards: the detector's box round the 36 px number drawn from y = 450)
NUMBER_MIDDLE = 477.0
#: rows found on most fronts, by a label in them, with their middles in card pixels (measured
#: as ``NUMBER_MIDDLE``): the photo's own scale down the card, from the number up to them
ROW_MIDDLES = {"姓名": 96.0, "民族": 165.0, "出生": 230.0, "住址": 300.0}
#: how far above the birth row's middle a name row's middle lies at least (card pixels): half-way
#: from the sex row's to the name's
NAME_ABOVE_BIRTH = ROW_MIDDLES["出生"] - (ROW_MIDDLES["姓名"] + ROW_MIDDLES["民族"]) / 2
#: the furthest right a name row's text may start (card pixels): half-way between the name's
#: printed start (x = 182) and the 民族 label's (x = 296)
NAME_STARTS_BEFORE = 239.0
#: the ethnicity label, whose characters a garbled label keeps one of
ETHNICITY_LABEL = "民族"
#: the name's label: a row of its characters alone (姓, its second one lost) holds no name
NAME_LABEL = "姓名"


@dataclass(frozen=True)
class FrontPlaces:
    """Where a front's rows lie on the card, from the frame's positions (``layout.card_frame``).

    The number's line gives the card's left edge and the scale, its printed width being known;
    the birth row, when found, the height the name lies above. Heights are measured from the
    birth row rather than from the number: the number's width gives the scale less surely
    (fonts differ in width), and the error grows over the 380 px from the number to the name.
    """

    #: frame position along the text of the card's left edge
    left: float
    #: frame pixels per card pixel
    scale: float
    #: frame position down the card of the birth row's middle, when found
    birth: float | None

    def card_x(self, frame_x: float) -> float:
        """The card position along the text of a frame position."""
        return (frame_x - self.left) / self.scale

    def above_birth(self, frame_v: float) -> float | None:
        """How far (card pixels) a frame position down the card lies above the birth row."""
        return None if self.birth is None else (self.birth - frame_v) / self.scale


def front_places(number: Line, place: tuple[float, float], birth: Row | None) -> FrontPlaces:
    """The front's places from its ``number`` line printed at ``place`` (card left, width), and
    the ``birth`` row when found."""
    at, width = place
    scale = (number.right - number.left) / max(width, 1.0)
    return FrontPlaces(number.left - at * scale, scale, birth.v if birth is not None else None)


def cannot_be_name(row: Row, places: FrontPlaces | None) -> bool:
    """Whether ``row`` holds no name by its text (the 姓名 label alone, the ethnicity row), or
    lies away from the name's place on the card."""
    chars = "".join(HANZI.findall(row.text))
    if _is_ethnicity(chars) or set(chars) <= set(NAME_LABEL):
        return True
    if places is None:
        return False
    if places.card_x(row.lines[0].left) > NAME_STARTS_BEFORE:
        return True
    above = places.above_birth(row.v)
    return above is not None and above < NAME_ABOVE_BIRTH


def _is_ethnicity(chars: str) -> bool:
    """Whether ``chars`` hold the 民族 label, or a group's name after its garbled remains."""
    if ETHNICITY_LABEL in chars:
        return True
    for width in range(1, len(ETHNICITY_LABEL) + 1):
        before, rest = chars[:width], chars[width:]
        if rest in ETHNIC_GROUPS and any(char in ETHNICITY_LABEL for char in before):
            return True
    return False
