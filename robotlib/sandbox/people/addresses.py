"""Addresses of synthetic residents: the region's place, then a road, a building or a village."""

from __future__ import annotations

import random

from robotlib.sandbox.people.regions import MAX_ADDRESS, Region


def _pairs(text: str) -> tuple[str, ...]:
    return tuple(text[i : i + 2] for i in range(0, len(text), 2))


_ROADS = _pairs(
    "人民解放中山建设和平新华文化朝阳胜利光明友谊青年东风长江黄河科技滨海桃园学府工业振兴迎宾育才滨江锦绣"
)
_VILLAGES = _pairs("李家王家张家柳树石桥杨柳河东新庄沙坪高岭")
_ROAD_SUFFIXES = ("路", "街", "大道", "东路", "西路", "南路", "北路")


def random_address(rng: random.Random, region: Region) -> str:
    """An address in ``region`` that fits on the card."""
    road = rng.choice(_ROADS) + rng.choice(_ROAD_SUFFIXES)
    number = f"{rng.randint(1, 399)}号"
    if region.county.endswith("县") and rng.random() < 0.5:
        tail = f"{rng.choice(_VILLAGES)}村{rng.randint(1, 12)}组{rng.randint(1, 99)}号"
    elif rng.random() < 0.5:
        tail = f"{road}{number}{rng.randint(1, 30)}栋{rng.randint(1, 33)}{rng.randint(1, 8):02d}室"
    else:
        tail = road + number
    address = region.place + tail
    return address if len(address) <= MAX_ADDRESS else region.place + road + number
