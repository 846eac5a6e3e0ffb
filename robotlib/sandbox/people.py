"""Synthetic residents: names, GB 11643 numbers, addresses, ID card validity and phones.

Everything comes from one ``random.Random``, so a seed always yields the same people. Region
codes are read from the table that python-stdnum ships (``stdnum/cn/loc.dat``), so every number
passes ``stdnum.cn.ric.validate`` and its address matches its region code.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from pypinyin import lazy_pinyin
from stdnum.cn import ric

from robotlib.model.result import IdentityFields
from robotlib.sources.records import LONG_TERM

FIRST_BIRTH = dt.date(1950, 1, 1)
LAST_BIRTH = dt.date(2008, 12, 31)
#: a valid card expires at least this long after generation, so a run days later agrees
VALID_MARGIN = dt.timedelta(days=180)
#: an expired card expired at least this long before generation
EXPIRED_MARGIN = dt.timedelta(days=90)
#: printed longest address / issuing authority, so the card layout never overflows
MAX_ADDRESS = 30
MAX_AUTHORITY = 15

MALE, FEMALE = "男", "女"
HAN = "汉"

# --------------------------------------------------------------------------- regions

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


# --------------------------------------------------------------------------- names


def _pairs(text: str) -> tuple[str, ...]:
    return tuple(text[i : i + 2] for i in range(0, len(text), 2))


_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤单解仇查"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "慕容")
#: (first character of a two-character given name, last or only character), by sex
_GIVEN_CHARS = {
    MALE: (
        "子浩宇俊志建国文明海嘉天晓思一家永金德振立伟",
        "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健帆帅旭宁龙林峰博阳晨轩然",
    ),
    FEMALE: (
        "晓思雨嘉梓欣诗佳婉若心子一静美丽秀春玉雅",
        "芳娜敏静丽艳娟霞燕玲丹萍红玉兰琳雪梅婷颖倩洁慧璐瑶怡琪悦晶楠雯蕾涵萱彤",
    ),
}
#: characters real names use that fonts and OCR find harder (赟 is left out: the bundled OCR
#: model reads it as 赞, which would turn a clean applicant into a false mismatch)
_RARE_CHARS = "喆堃燊犇淼昇彧珺玥琰翀旻昶焱垚骞晗祎瑾璟"
#: the reading lists use for surnames where pypinyin's default reading is another one
_SURNAME_PINYIN = {"曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "查": "zha", "覃": "qin"}

_ETHNICITIES = (
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
_HOMELANDS = {
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
#: given names of people who carry no Han surname, by ethnicity and sex
_OWN_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "维吾尔": {
        MALE: ("艾力", "买买提", "阿不都", "热合曼", "吐尔逊", "艾尔肯"),
        FEMALE: ("古丽", "阿依古丽", "热依拉", "帕提古丽", "米娜瓦尔"),
    },
    "藏": {
        MALE: ("扎西", "次仁", "格桑", "多吉", "平措", "扎西多吉"),
        FEMALE: ("卓玛", "央金", "拉姆", "德吉", "次仁卓玛"),
    },
    "蒙古": {
        MALE: ("巴特尔", "苏和", "朝鲁", "额尔敦"),
        FEMALE: ("其其格", "乌兰图雅", "斯琴高娃", "萨仁"),
    },
}
_UYGHUR_FATHERS = ("艾买提", "吾斯曼", "阿布拉", "托合提", "依明", "司马义")

_ROADS = _pairs(
    "人民解放中山建设和平新华文化朝阳胜利光明友谊青年东风长江黄河科技滨海桃园学府工业振兴迎宾育才滨江锦绣"
)
_VILLAGES = _pairs("李家王家张家柳树石桥杨柳河东新庄沙坪高岭")
_ROAD_SUFFIXES = ("路", "街", "大道", "东路", "西路", "南路", "北路")
#: mobile prefixes of China Mobile, China Unicom and China Telecom
_MOBILE_PREFIXES = tuple(
    str(prefix)
    for prefix in (
        *range(130, 140),
        *(147, 150, 151, 152, 153, *range(155, 160), 166, 173, *range(175, 179)),
        *(*range(180, 190), 191, 198, 199),
    )
)


@dataclass(frozen=True)
class Person:
    """A resident as the registry knows them, with the card they hold and their phone."""

    #: the Han surname, empty for names without one (Uyghur, Tibetan, Mongolian)
    surname: str
    name: str
    sex: str
    ethnicity: str
    birth_date: dt.date
    id_number: str
    address: str
    issuing_authority: str
    valid_from: dt.date
    #: None means long-term (长期)
    valid_to: dt.date | None
    phone: str

    @property
    def valid_to_text(self) -> str:
        """ISO date or ``长期``, as the registry and the result record write it."""
        return LONG_TERM if self.valid_to is None else self.valid_to.isoformat()

    def card_fields(self) -> IdentityFields:
        """The fields printed on this person's card."""
        return IdentityFields(
            name=self.name,
            id_number=self.id_number,
            sex=self.sex,
            ethnicity=self.ethnicity,
            birth_date=self.birth_date.isoformat(),
            address=self.address,
            issuing_authority=self.issuing_authority,
            valid_from=self.valid_from.isoformat(),
            valid_to=self.valid_to_text,
        )


# --------------------------------------------------------------------------- rules


def add_years(day: dt.date, years: int) -> dt.date:
    """The same month and day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def validity_years(age_at_issue: int) -> int | None:
    """Validity period of a card issued at that age (None: long-term), per the ID card law."""
    if age_at_issue < 16:
        return 5
    if age_at_issue <= 25:
        return 10
    if age_at_issue <= 45:
        return 20
    return None


def id_number(region_code: str, birth: dt.date, sequence: int) -> str:
    """The GB 11643 number: region, birth date, sequence (odd for men), check character."""
    body = f"{region_code}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def forge_check_digit(number: str, rng: random.Random) -> str:
    """``number`` with a wrong check character, as a forger who ignores the checksum writes."""
    wrong = [c for c in "0123456789X" if c != number[-1]]
    return number[:-1] + rng.choice(wrong)


def sex_of_number(number: str) -> str:
    """The sex the 17th digit encodes."""
    return MALE if int(number[16]) % 2 else FEMALE


def _plausible_issue(birth: dt.date, valid_from: dt.date) -> bool:
    # Keep clear of the age boundaries: a checker that counts whole years and one that only
    # subtracts calendar years must agree on which period applies.
    if valid_from <= birth or (valid_from.month, valid_from.day) == (2, 29):
        return False
    by_age = validity_years(age_on(birth, valid_from))
    by_year = validity_years(valid_from.year - birth.year)
    return by_age == by_year


def current_validity(
    birth: dt.date, rng: random.Random, today: dt.date
) -> tuple[dt.date, dt.date | None]:
    """A validity period that started before ``today`` and runs well past it."""
    earliest = max(birth + dt.timedelta(days=1), add_years(today, -20))
    span = (today - dt.timedelta(days=30) - earliest).days
    while True:
        valid_from = earliest + dt.timedelta(days=rng.randint(0, span))
        if not _plausible_issue(birth, valid_from):
            continue
        years = validity_years(age_on(birth, valid_from))
        valid_to = None if years is None else add_years(valid_from, years)
        if valid_to is None or valid_to >= today + VALID_MARGIN:
            return valid_from, valid_to


def expired_validity(
    birth: dt.date, rng: random.Random, today: dt.date
) -> tuple[dt.date, dt.date] | None:
    """A correctly sized validity period that ended 90 days to 4 years ago, if the age allows."""
    latest_end = today - EXPIRED_MARGIN
    for _ in range(500):
        end = latest_end - dt.timedelta(days=rng.randint(0, 4 * 365))
        years = rng.choice((5, 10, 20))
        valid_from = add_years(end, -years)
        if (
            _plausible_issue(birth, valid_from)
            and validity_years(age_on(birth, valid_from)) == years
        ):
            return valid_from, end
    return None


# --------------------------------------------------------------------------- factory


@dataclass
class PersonFactory:
    """Makes distinct people: no number and no phone is ever handed out twice."""

    rng: random.Random
    today: dt.date
    _numbers: set[str] = field(default_factory=set)
    _phones: set[str] = field(default_factory=set)

    def person(self, *, expired: bool = False) -> Person:
        """A new resident holding a card that is valid today (or expired, if asked)."""
        rng = self.rng
        while True:
            ethnicity = _weighted(rng, _ETHNICITIES)
            male = rng.random() < 0.5
            sex = MALE if male else FEMALE
            birth = random_birth_date(rng)
            region = self._region(ethnicity, birth.year)
            period = (
                expired_validity(birth, rng, self.today)
                if expired
                else current_validity(birth, rng, self.today)
            )
            if period is None:
                continue
            valid_from, valid_to = period
            surname, name = self.name(sex, ethnicity)
            return Person(
                surname=surname,
                name=name,
                sex=sex,
                ethnicity=ethnicity,
                birth_date=birth,
                id_number=self.number(region.code, birth, male),
                address=self._address(region),
                issuing_authority=region.authority,
                valid_from=valid_from,
                valid_to=valid_to,
                phone=self.phone(),
            )

    def number(self, region_code: str, birth: dt.date, male: bool) -> str:
        """A fresh valid number for that region, birth date and sex."""
        while True:
            number = id_number(region_code, birth, self.rng.randrange(500) * 2 + int(male))
            if number not in self._numbers:
                if not ric.is_valid(number):
                    raise AssertionError(f"generated an invalid number {number}")
                self._numbers.add(number)
                return number

    def sibling_number(self, number: str) -> str:
        """Another valid number with the same region, birth date and sex (a typo's victim)."""
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        return self.number(number[:6], birth, int(number[16]) % 2 == 1)

    def forged_variant(self, number: str) -> str:
        """``number`` with a wrong check character, as a forger who ignores the checksum writes."""
        while True:
            forged = forge_check_digit(number, self.rng)
            if forged not in self._numbers:
                self._numbers.add(forged)
                return forged

    def phone(self) -> str:
        """A fresh mobile number with a real mainland prefix."""
        while True:
            phone = self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self._phones:
                self._phones.add(phone)
                return phone

    def name(self, sex: str, ethnicity: str = HAN) -> tuple[str, str]:
        """(surname, full name) typical for that sex and ethnicity."""
        rng = self.rng
        own = _OWN_NAMES.get(ethnicity)
        if own is not None and rng.random() < 0.8:
            given = rng.choice(own[sex])
            if ethnicity == "维吾尔":
                return "", f"{given}·{rng.choice(_UYGHUR_FATHERS)}"
            return "", given
        surnames = _COMPOUND_SURNAMES if rng.random() < 0.03 else _SURNAMES
        surname = rng.choice(surnames)
        return surname, surname + self.given_name(sex)

    def given_name(self, sex: str) -> str:
        """One or two characters; now and then a rare one."""
        rng = self.rng
        first, last = _GIVEN_CHARS[sex]
        chars = [rng.choice(last)] if rng.random() < 0.35 else [rng.choice(first), rng.choice(last)]
        if rng.random() < 0.08:
            chars[-1] = rng.choice(_RARE_CHARS)
        return "".join(chars)

    def renamed(self, person: Person) -> str:
        """Another name with the same surname (a registry that knows someone else)."""
        while True:
            surname = person.surname or self.name(person.sex, HAN)[0]
            name = surname + self.given_name(person.sex)
            if name != person.name:
                return name

    def misspelt(self, name: str) -> str:
        """``name`` with one given-name character replaced, as a hurried customer types it."""
        pool = _GIVEN_CHARS[MALE][1] + _GIVEN_CHARS[FEMALE][1]
        position = len(name) - 1 if "·" not in name else name.index("·") - 1
        while True:
            candidate = name[:position] + self.rng.choice(pool) + name[position + 1 :]
            if candidate != name:
                return candidate

    def _region(self, ethnicity: str, year: int) -> Region:
        home = _HOMELANDS.get(ethnicity)
        candidates = regions_for_year(year)
        if home and self.rng.random() < 0.85:
            # before 1983 many of today's codes did not exist; then anywhere will do
            candidates = regions_for_year(year, home) or candidates
        return self.rng.choice(candidates)

    def _address(self, region: Region) -> str:
        rng = self.rng
        road = rng.choice(_ROADS) + rng.choice(_ROAD_SUFFIXES)
        number = f"{rng.randint(1, 399)}号"
        if region.county.endswith("县") and rng.random() < 0.5:
            tail = f"{rng.choice(_VILLAGES)}村{rng.randint(1, 12)}组{rng.randint(1, 99)}号"
        elif rng.random() < 0.5:
            tail = (
                f"{road}{number}{rng.randint(1, 30)}栋{rng.randint(1, 33)}{rng.randint(1, 8):02d}室"
            )
        else:
            tail = road + number
        address = region.place + tail
        return address if len(address) <= MAX_ADDRESS else region.place + road + number


def pinyin_spelling(person: Person, upper_surname: bool) -> str | None:
    """The name as lists write it in Latin letters: ``ZHANG Wei`` or ``Zhang Wei``.

    None when the name has no Han surname, or a character whose spelling lists disagree on
    (ü: Lü, Lu, Lyu, Lv), so a spelling is only given when it is unambiguous.
    """
    if not person.surname or "·" in person.name:
        return None
    surname = _SURNAME_PINYIN.get(person.surname) or "".join(lazy_pinyin(person.surname))
    given = "".join(lazy_pinyin(person.name[len(person.surname) :]))
    letters = surname + given
    if not letters.isascii() or not letters.isalpha() or "v" in letters:
        return None
    surname = surname.upper() if upper_surname else surname.capitalize()
    return f"{surname} {given.capitalize()}"


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def random_birth_date(rng: random.Random) -> dt.date:
    """A birth date in the range the world uses (1950-2008)."""
    return _random_day(rng, FIRST_BIRTH, LAST_BIRTH)


def _random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))
