"""Region codes of the mainland, read from the table python-stdnum ships (``stdnum/cn/loc.dat``).

Numbers made from these codes pass ``stdnum.cn.ric.validate``, and an address that starts with
``Region.place`` matches its number's region code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

#: printed longest address / issuing authority, so the card layout never overflows
MAX_ADDRESS = 30
MAX_AUTHORITY = 15

_SEGMENT = re.compile(r"^(?:\[(\d*)-(\d*)\])?(.+)$")
_PROPERTY = re.compile(r'(\w+)="([^"]*)"')
#: prefecture-level entries that are no city (municipalities' districts and counties)
_CITY_PLACEHOLDERS = ("市辖区", "县")
#: county-level entries that are no place to live in (city-wide placeholders)
_COUNTY_PLACEHOLDERS = ("市辖区", "市区", "郊区", "矿区")


@dataclass(frozen=True)
class Region:
    """A county-level division with its current name and the years its code was assigned."""

    code: str
    province: str
    #: prefecture-level city or prefecture; empty for municipalities and directly-run counties
    city: str
    county: str
    spans: tuple[tuple[int | None, int | None], ...]

    def assigned_in(self, year: int) -> bool:
        """Whether numbers of people born in ``year`` may carry this code (stdnum's rule)."""
        return any((a is None or a <= year) and (b is None or year <= b) for a, b in self.spans)

    @property
    def place(self) -> str:
        """``广东省深圳市南山区`` / ``北京市东城区``: the start of an address."""
        return f"{self.province}{self.city}{self.county}"

    @property
    def authority(self) -> str:
        """The police office that issues cards here: ``深圳市公安局南山分局``."""
        if self.county.endswith("区"):
            short = self.county[:-1] if len(self.county) > 2 else self.county
            return f"{self.city or self.province}公安局{short}分局"
        return f"{self.county}公安局"


def _segments(value: str) -> list[tuple[int | None, int | None, str]]:
    out = []
    for part in value.split(","):
        match = _SEGMENT.match(part.strip())
        if match:
            start, end, name = match.groups()
            out.append((int(start) if start else None, int(end) if end else None, name))
    return out


def _current_name(value: str) -> str | None:
    """The name in force today, or None when the division was abolished."""
    segments = _segments(value)
    if not segments or segments[-1][1] is not None:
        return None
    return segments[-1][2]


@cache
def load_regions() -> tuple[Region, ...]:
    """Every current county-level division of the mainland from stdnum's ``loc.dat``."""
    text = (resources.files("stdnum") / "cn" / "loc.dat").read_text(encoding="utf-8")
    regions: list[Region] = []
    province = city = ""
    prefix = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, _, rest = line.strip().partition(" ")
        props = dict(_PROPERTY.findall(rest))
        if not line.startswith(" "):
            prefix, province = code, props.get("province", "")
            continue
        value = props.get("county", "")
        if int(prefix) >= 71:  # Taiwan, Hong Kong and Macao issue other documents
            continue
        if code.endswith("00"):
            name = _current_name(value) or ""
            city = "" if name in _CITY_PLACEHOLDERS or "直辖" in name else name
            continue
        county = _current_name(value)
        if not county or county in _COUNTY_PLACEHOLDERS or "办事处" in county:
            continue
        if county[-1] not in "区县市旗":
            continue
        region = Region(
            code=prefix + code,
            province=province,
            city=city,
            county=county,
            spans=tuple((a, b) for a, b, _ in _segments(value)),
        )
        if len(region.authority) <= MAX_AUTHORITY and len(region.place) <= MAX_ADDRESS - 8:
            regions.append(region)
    return tuple(regions)


@cache
def regions_for_year(year: int, province: str | None = None) -> tuple[Region, ...]:
    """Regions whose code people born in ``year`` may carry, optionally in one province."""
    return tuple(
        r
        for r in load_regions()
        if r.assigned_in(year) and (province is None or r.code.startswith(province))
    )
