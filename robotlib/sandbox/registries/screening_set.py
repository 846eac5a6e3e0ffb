"""A labelled screening set: a synthetic black/grey list and applicants who must or must not hit.

Variants (must hit their entry): the number; the same name in other spacing; an entry written
in traditional characters; an entry written in pinyin as lists write it ("ZHANG Wei",
"Zhang Wei"); an applicant name read with an OCR look-alike. Decoys (must hit nothing): the
same name with another birth date, the same name and birth date with the other sex, a
misspelt name, a homophone surname (章伟 for 张伟) and people who are on no list.

Used by the screening tests and by ``bench/screening.py`` (scaled to a million entries).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from opencc import OpenCC

from robotlib.sandbox.draws import random_day
from robotlib.sandbox.people.chinese_names import misspelling, random_name, spell_in_pinyin
from robotlib.sandbox.people.ethnicities import random_ethnicity
from robotlib.sandbox.people.id_numbers import id_number
from robotlib.sandbox.people.person import FEMALE, MALE, random_birth_date
from robotlib.screening.confusions import confusables
from robotlib.screening.forms import name_forms
from robotlib.sources.records import ListEntry, ListHit, ListLevel

_TO_TRADITIONAL = OpenCC("s2t")
_REGIONS = ("110101", "310104", "440305", "510104", "330106", "420102", "320102", "610113")
_LISTS = (
    ("pboc_fraud", ListLevel.BLACK),
    ("un_sanctions", ListLevel.BLACK),
    ("overdue", ListLevel.GREY),
)
#: surnames read alike and written differently: 章伟 is not 张伟
_HOMOPHONE_SURNAMES = {
    "张": "章",
    "王": "汪",
    "李": "黎",
    "刘": "柳",
    "杨": "阳",
    "吴": "武",
    "徐": "许",
    "何": "贺",
    "于": "余",
    "蒋": "江",
    "陈": "晨",
    "周": "舟",
}

VARIANTS = ("number", "exact", "spacing", "traditional", "pinyin", "ocr")
DECOYS = ("other_birth_date", "other_sex", "misspelt", "homophone", "unlisted")


@dataclass(frozen=True)
class LabelledQuery:
    """An applicant to screen and the entry that must hit (None: nothing may hit)."""

    kind: str
    id_number: str
    name: str
    birth_date: dt.date
    target: ListEntry | None


@dataclass(frozen=True)
class _Origin:
    """Who a name-only entry describes: the Han name behind the written form."""

    surname: str
    name: str
    sex: str
    written: str


@dataclass
class LabelledSet:
    """List entries and the queries labelled with the entry each must find (or none)."""

    entries: list[ListEntry] = field(default_factory=list)
    queries: list[LabelledQuery] = field(default_factory=list)


def entry_key(entry: ListEntry) -> tuple[object, ...]:
    """What identifies an entry across a CSV round trip."""
    return (entry.list, entry.id_number, entry.name, entry.birth_date)


class _Numbers:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self, birth: dt.date, sex: str) -> str:
        while True:
            sequence = self.rng.randrange(500) * 2 + (1 if sex == MALE else 0)
            number = id_number(self.rng.choice(_REGIONS), birth, sequence)
            if number not in self.used:
                self.used.add(number)
                return number


def labelled_screening_set(entries: int, queries: int, seed: int) -> LabelledSet:
    """``entries`` list entries (about half name-only) and ``queries`` labelled applicants,
    spread evenly over the variant and decoy kinds."""
    rng = random.Random(seed)
    numbers = _Numbers(rng)
    out = LabelledSet()
    origins: dict[int, _Origin] = {}
    with_number: list[int] = []
    for at in range(entries):
        out.entries.append(_entry(rng, numbers, at, origins, with_number))
    makers = _query_makers(rng, numbers, out.entries, origins, with_number)
    kinds = VARIANTS + DECOYS
    for i in range(queries):
        query = None
        while query is None:
            query = makers[kinds[i % len(kinds)]]()
        out.queries.append(query)
    return out


def _entry(
    rng: random.Random,
    numbers: _Numbers,
    at: int,
    origins: dict[int, _Origin],
    with_number: list[int],
) -> ListEntry:
    list_name, level = rng.choice(_LISTS)
    sex = MALE if rng.random() < 0.5 else FEMALE
    surname, name = random_name(rng, sex, random_ethnicity(rng))
    birth = random_birth_date(rng)
    if rng.random() < 0.55:
        with_number.append(at)
        return ListEntry(
            list=list_name,
            level=level,
            id_number=numbers.new(birth, sex),
            name=name,
            birth_date=birth,
            reason="listed",
        )
    written = name
    roll = rng.random()
    if roll < 0.12:
        written = _TO_TRADITIONAL.convert(name)
    elif roll < 0.35:
        written = spell_in_pinyin(surname, name, upper_surname=rng.random() < 0.5) or name
    origins[at] = _Origin(surname, name, sex, written)
    return ListEntry(
        list=list_name,
        level=level,
        name=written,
        birth_date=None if rng.random() < 0.05 else birth,
        reason="listed",
        sex=sex if rng.random() < 0.5 else None,
    )


def _query_makers(
    rng: random.Random,
    numbers: _Numbers,
    entries: list[ListEntry],
    origins: dict[int, _Origin],
    with_number: list[int],
) -> dict[str, Callable[[], LabelledQuery | None]]:
    dated = [at for at, entry in enumerate(entries) if at in origins and entry.birth_date]

    def pick() -> tuple[ListEntry, _Origin]:
        at = rng.choice(dated)
        return entries[at], origins[at]

    def query(
        kind: str, name: str, birth: dt.date, sex: str, target: ListEntry | None
    ) -> LabelledQuery:
        return LabelledQuery(kind, numbers.new(birth, sex), name, birth, target)

    def number() -> LabelledQuery:
        entry = entries[rng.choice(with_number)]
        assert entry.id_number
        assert entry.birth_date
        other, _ = random_name(rng, MALE)
        return LabelledQuery("number", entry.id_number, other, entry.birth_date, entry)

    def written_as(kind: str, wanted: Callable[[_Origin], bool]) -> LabelledQuery | None:
        entry, origin = pick()
        if not wanted(origin):
            return None
        assert entry.birth_date
        return query(kind, origin.name, entry.birth_date, origin.sex, entry)

    def spacing() -> LabelledQuery | None:
        entry, origin = pick()
        if origin.written != origin.name or not origin.surname:
            return None
        assert entry.birth_date
        spaced = origin.surname + " " + origin.name[len(origin.surname) :]
        return query("spacing", spaced, entry.birth_date, origin.sex, entry)

    def ocr() -> LabelledQuery | None:
        entry, origin = pick()
        spots = [i for i, ch in enumerate(origin.name) if confusables(ch)]
        if not spots or origin.written != origin.name:
            return None
        assert entry.birth_date
        i = rng.choice(spots)
        misread = origin.name[:i] + rng.choice(confusables(origin.name[i])) + origin.name[i + 1 :]
        return query("ocr", misread, entry.birth_date, origin.sex, entry)

    def other_birth_date() -> LabelledQuery:
        entry, origin = pick()
        assert entry.birth_date
        shift = dt.timedelta(days=rng.choice((-1, 1)) * rng.randint(1, 3650))
        return query("other_birth_date", origin.name, entry.birth_date + shift, origin.sex, None)

    def other_sex() -> LabelledQuery | None:
        entry, origin = pick()
        if entry.sex is None or entry.birth_date is None:
            return None
        sex = FEMALE if origin.sex == MALE else MALE
        return query("other_sex", origin.name, entry.birth_date, sex, None)

    def misspelt() -> LabelledQuery | None:
        entry, origin = pick()
        assert entry.birth_date
        wrong = misspelling(rng, origin.name)
        a, b = name_forms(wrong), name_forms(origin.name)
        if a.pinyin & b.pinyin or a.folded == b.folded:
            return None  # a homophone or a look-alike: not a clear decoy
        return query("misspelt", wrong, entry.birth_date, origin.sex, None)

    def homophone() -> LabelledQuery | None:
        entry, origin = pick()
        twin = _HOMOPHONE_SURNAMES.get(origin.surname)
        if twin is None or origin.written.isascii():
            return None  # pinyin cannot tell 张 from 章: only a Han entry makes this a decoy
        assert entry.birth_date
        name = twin + origin.name[1:]
        return query("homophone", name, entry.birth_date, origin.sex, None)

    def unlisted() -> LabelledQuery:
        sex = MALE if rng.random() < 0.5 else FEMALE
        _, name = random_name(rng, sex)
        birth = random_day(rng, dt.date(1950, 1, 1), dt.date(2008, 12, 31))
        return query("unlisted", name, birth, sex, None)

    return {
        "number": number,
        "exact": lambda: written_as("exact", lambda o: o.written == o.name),
        "spacing": spacing,
        "traditional": lambda: written_as(
            "traditional", lambda o: o.written != o.name and not o.written.isascii()
        ),
        "pinyin": lambda: written_as("pinyin", lambda o: o.written.isascii()),
        "ocr": ocr,
        "other_birth_date": other_birth_date,
        "other_sex": other_sex,
        "misspelt": misspelt,
        "homophone": homophone,
        "unlisted": unlisted,
    }


@dataclass
class Agreement:
    """How screening answers compare with the labels, by query kind."""

    expected: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    false_hits: Counter[str] = field(default_factory=Counter)
    queries: Counter[str] = field(default_factory=Counter)

    def add(self, query: LabelledQuery, hits: list[ListHit]) -> None:
        """Count ``hits`` for ``query``: found, missed or false."""
        self.queries[query.kind] += 1
        target = None if query.target is None else entry_key(query.target)
        keys = {entry_key(hit.entry) for hit in hits}
        if target is not None:
            self.expected[query.kind] += 1
            self.found[query.kind] += target in keys
        self.false_hits[query.kind] += len(keys - {target})

    def recall(self, kinds: tuple[str, ...]) -> float:
        """The share of expected entries found, over the query ``kinds``."""
        expected = sum(self.expected[k] for k in kinds)
        return sum(self.found[k] for k in kinds) / expected if expected else 1.0

    def precision(self, kinds: tuple[str, ...]) -> float:
        """The share of hits that were the expected entry, over the query ``kinds``."""
        true = sum(self.found[k] for k in kinds)
        false = sum(self.false_hits[k] for k in kinds)
        return true / (true + false) if true + false else 1.0


def score_set(
    screen: Callable[[str, str, dt.date], list[ListHit]], queries: list[LabelledQuery]
) -> Iterator[tuple[LabelledQuery, list[ListHit]]]:
    """Each query with the hits ``screen`` returns for it."""
    for query in queries:
        yield query, screen(query.id_number, query.name, query.birth_date)
