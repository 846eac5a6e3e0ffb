"""Ethnicities of synthetic residents: how common each is, and where minorities mostly live."""

from __future__ import annotations

import random

from robotlib.sandbox.draws import weighted_choice
from robotlib.sandbox.people.person import HAN

ETHNICITIES = (
    (HAN, 900),
    ("壮", 14),
    ("回", 10),
    ("满", 10),
    ("维吾尔", 9),
    ("苗", 8),
    ("彝", 7),
    ("土家", 7),
    ("藏", 6),
    ("蒙古", 5),
    ("朝鲜", 3),
)
#: where minorities mostly live (province code prefix)
HOMELANDS = {
    "壮": "45",
    "回": "64",
    "满": "21",
    "维吾尔": "65",
    "苗": "52",
    "彝": "51",
    "土家": "43",
    "藏": "54",
    "蒙古": "15",
    "朝鲜": "22",
}


def random_ethnicity(rng: random.Random) -> str:
    """An ethnicity, about as often as the population has it."""
    return weighted_choice(rng, ETHNICITIES)
