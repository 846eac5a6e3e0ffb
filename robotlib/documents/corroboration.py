"""Confidence from agreement between fields, not only from the recogniser's own score.

The recogniser's score says how sure it is of the pixels; it is sometimes low on a value that
is right (a lone 汉 in glare) and sometimes high on one that is wrong (a rare character read as
a common look-alike). Facts the card states twice settle many of these: the number's checksum,
the birth date and sex it encodes, the legal validity terms, and the place names an address and
an authority are made of.
"""

from __future__ import annotations

from robotlib.documents.confidence import supported
from robotlib.documents.places import near_miss
from robotlib.documents.reading import CardReading
from robotlib.documents.surnames import has_known_surname
from robotlib.documents.vocabulary import PROVINCES
from robotlib.validation.card import is_legal_term
from robotlib.validation.idnumber import check_id_number

#: how much of the remaining doubt a structural check (checksum, closed list, legal term) removes
STRUCTURE = 0.5
#: the most a value holding a near-miss place name is trusted: below any sensible threshold
DOUBTED = 0.5
HAN = "汉"
#: how an address ends: a house number, a room, a building, a floor, a yard, a village group
ADDRESS_ENDINGS = (
    "号",
    "室",
    "栋",
    "幢",
    "楼",
    "层",
    "单元",
    "户",
    "院",
    "组",
    "村",
    "屯",
    "弄",
    "巷",
)


def corroborate_front(reading: CardReading) -> None:
    """Raise the number, birth date, sex and ethnicity where they agree; doubt a bad address."""
    fields = reading.fields
    number = fields.get("id_number")
    check = check_id_number(number) if number else None
    if check is not None and check.valid:
        _support(reading, "id_number", STRUCTURE)
        if (
            check.birth_date is not None
            and fields.get("birth_date") == check.birth_date.isoformat()
        ):
            _agree(reading, "birth_date", "id_number")
        if fields.get("sex") == check.sex:
            _agree(reading, "sex", "id_number")
    address = fields.get("address")
    if address is not None and doubtful_address(address):
        reading.confidence["address"] = min(reading.confidence["address"], DOUBTED)
    name = fields.get("name")
    if name is not None and doubtful_name(name, fields.get("ethnicity")):
        reading.confidence["name"] = min(reading.confidence["name"], DOUBTED)


def corroborate_back(reading: CardReading) -> None:
    """Raise a validity period of a legal length; doubt an authority with a misread place."""
    start, end = reading.fields.get("valid_from"), reading.fields.get("valid_to")
    if start and end and is_legal_term(start, end):
        _support(reading, "valid_from", STRUCTURE)
        _support(reading, "valid_to", STRUCTURE)
    _doubt_places(reading, "issuing_authority")


def doubtful_address(address: str) -> bool:
    """An address with a misread place name, or one that does not start or end as addresses do.

    Addresses start with the province (print beside the card read into the first line does
    not) and end with the house, the building or the village group (号, 室, 栋, 组...): one
    that ends otherwise lost its end to the detector (景山前街4) or the end was misread (97台).
    """
    return (
        near_miss(address) is not None
        or not address.startswith(PROVINCES)
        or not address.endswith(ADDRESS_ENDINGS)
    )


def doubtful_name(name: str, ethnicity: str | None) -> bool:
    """A name that should start with a Han surname and does not start with a known one.

    Many minority names carry no Han surname (阿依古丽·买买提, 扎西顿珠), so only the name of
    a holder printed as 汉, or whose ethnicity was not read, is judged.
    """
    if "·" in name or ethnicity not in (None, HAN):
        return False
    return not has_known_surname(name)


def _support(reading: CardReading, name: str, weight: float) -> None:
    reading.confidence[name] = supported(reading.confidence[name], weight)


def _agree(reading: CardReading, name: str, other: str) -> None:
    """Two fields read apart that say the same thing: both would have to be misread alike."""
    _support(reading, name, reading.confidence[other])


def _doubt_places(reading: CardReading, name: str) -> None:
    value = reading.fields.get(name)
    if value is not None and near_miss(value) is not None:
        reading.confidence[name] = min(reading.confidence[name], DOUBTED)
