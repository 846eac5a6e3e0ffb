"""What the second renderer's cards say beyond the first's: rare name characters, long
addresses, less common ethnic groups.

The people come from the sandbox's ``PersonFactory``; this varies their printed fields the way
the population does and the first renderer's people rarely do. Only printed text changes, and
nothing the number encodes (birth date, sex), so a varied card is still self-consistent.
"""

from __future__ import annotations

import random

from robotlib.documents.vocabulary import ETHNIC_GROUPS
from robotlib.model.result import IdentityFields

#: characters chosen for given names that running text rarely uses
RARE_NAME_CHARACTERS = "彧淼昇堃喆玥珺婕燚翀奕琛禛晞濛骞"
#: housing estates named with a rare character, as developers like to
RARE_ESTATES = ("昇平苑", "淼泉小区", "堃华园", "翀云府", "喆园", "燚兴花园")
ADDRESS_ENDS = ("号", "室", "组")


def varied_fields(fields: IdentityFields, rng: random.Random) -> IdentityFields:
    """``fields`` with, now and then, a rare given-name character, an estate with a rare
    character, an address long enough for three lines, and a less common ethnic group."""
    name = fields.name or ""
    if len(name) >= 2 and "·" not in name and rng.random() < 0.4:
        name = name[:-1] + rng.choice(RARE_NAME_CHARACTERS)
    address = fields.address or ""
    if address.endswith(ADDRESS_ENDS):
        if rng.random() < 0.2:
            address = address + rng.choice(RARE_ESTATES) + _building(rng)
        elif rng.random() < 0.6:
            address = address + _building(rng)
    ethnicity = fields.ethnicity
    if rng.random() < 0.1:
        ethnicity = rng.choice(ETHNIC_GROUPS)
    return fields.model_copy(update={"name": name, "address": address, "ethnicity": ethnicity})


def _building(rng: random.Random) -> str:
    """A building, unit and room, sometimes only a room: wraps the address onto a last line
    of one to a dozen characters."""
    room = f"{rng.randint(1, 32)}{rng.randint(1, 6):02d}室"
    if rng.random() < 0.5:
        return room
    return f"{rng.randint(1, 40)}栋{rng.randint(1, 4)}单元{room}"
