"""Synthetic companies: what a business licence prints, with a valid unified social credit code."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import asdict, dataclass

from robotlib.sandbox.draws import random_day
from robotlib.sandbox.people.addresses import random_address
from robotlib.sandbox.people.chinese_names import random_name
from robotlib.sandbox.people.regions import load_regions
from robotlib.validation.uscc import with_check_character

_WORDS = "华创智联盛达恒信宏远金鼎嘉禾天成瑞丰博雅新锐东方弘毅永安中科鑫源"
_TRADES = ("科技", "贸易", "商贸", "信息技术", "电子", "建筑工程", "餐饮管理", "物流", "文化传媒")
_TYPES = ("有限责任公司", "股份有限公司", "有限责任公司(自然人独资)", "个人独资企业")
#: characters of the organisation code (GB 32100 excludes I, O, Z, S, V)
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_NUMERALS = "零壹贰叁肆伍陆柒捌玖"


@dataclass(frozen=True)
class Company:
    """The fields of a business licence, named as in ``enterprise_registry.csv``."""

    uscc: str
    name: str
    type: str
    legal_representative: str
    registered_capital: str
    #: ISO date of establishment
    established: str
    address: str

    def fields(self) -> dict[str, str]:
        """The company's fields by name."""
        return asdict(self)


def random_company(rng: random.Random, today: dt.date) -> Company:
    """A company registered somewhere on the mainland between 1995 and ``today``."""
    region = rng.choice(load_regions())
    city = (region.city or region.province).removesuffix("市")
    kind = rng.choice(_TYPES)
    suffix = "企业" if kind == "个人独资企业" else "有限公司"
    name = f"{city}{rng.choice(_WORDS)}{rng.choice(_WORDS)}{rng.choice(_TRADES)}{suffix}"
    organisation = "".join(rng.choice(_CODE_CHARS) for _ in range(9))
    _, person = random_name(rng, rng.choice("男女"))
    return Company(
        uscc=with_check_character(f"91{region.code}{organisation}"),
        name=name,
        type=kind,
        legal_representative=person,
        registered_capital=f"{_in_words(rng.choice((10, 50, 100, 200, 500, 1000)))}万元整",
        established=random_day(rng, dt.date(1995, 1, 1), today).isoformat(),
        address=random_address(rng, region),
    )


def _in_words(amount: int) -> str:
    """10 -> 壹拾, 500 -> 伍佰, 1000 -> 壹仟: capital is printed in financial numerals."""
    for unit, size in (("仟", 1000), ("佰", 100), ("拾", 10)):
        if amount % size == 0 and amount // size < 10:
            return _NUMERALS[amount // size] + unit
    raise ValueError(f"no financial numeral for {amount}")
