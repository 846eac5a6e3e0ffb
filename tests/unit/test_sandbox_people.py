"""Synthetic people: valid, self-consistent numbers, cards, addresses, names and phones."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from robotlib.model import Applicant
from robotlib.sandbox.cards.fonts import find_cjk_fonts, has_glyphs
from robotlib.sandbox.people.chinese_names import pinyin_spelling
from robotlib.sandbox.people.factory import PersonFactory
from robotlib.sandbox.people.id_numbers import forge_check_digit, id_number, sex_of_number
from robotlib.sandbox.people.person import FIRST_BIRTH, LAST_BIRTH, Person
from robotlib.sandbox.people.regions import load_regions
from robotlib.sandbox.people.validity import EXPIRED_MARGIN, VALID_MARGIN, add_years
from robotlib.sandbox.scenarios.personal import SPECIAL_ORDER, Scenario, scenario_mix
from robotlib.sources.names import name_keys
from robotlib.validation.card import age_on, validity_years

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def people() -> list[Person]:
    factory = PersonFactory(random.Random(42), TODAY)
    return [factory.person() for _ in range(600)]


def _span_is_lawful(person: Person) -> bool:
    years = validity_years(age_on(person.birth_date, person.valid_from))
    if years is None:
        return person.valid_to is None
    return person.valid_to == add_years(person.valid_from, years)


def test_regions_come_from_stdnum_and_read_like_places() -> None:
    regions = load_regions()
    assert len(regions) > 2000
    for region in regions:
        assert len(region.code) == 6, region
        assert region.code.isdigit(), region
        assert region.place.startswith(region.province), region
        assert region.authority.endswith(("分局", "公安局")), region
    shenzhen = next(r for r in regions if r.code == "440305")
    assert shenzhen.place == "广东省深圳市南山区"
    assert shenzhen.authority == "深圳市公安局南山分局"
    dongcheng = next(r for r in regions if r.code == "110101")
    assert dongcheng.authority == "北京市公安局东城分局"


def test_numbers_are_valid_and_agree_with_the_person(people: list[Person]) -> None:
    for person in people:
        number = person.id_number
        assert ric.is_valid(number), number
        assert ric.get_birth_date(number) == person.birth_date, number
        assert sex_of_number(number) == person.sex, number
        province = ric.get_birth_place(number)["province"]
        assert person.address.startswith(province), (number, person.address)
    assert len({p.id_number for p in people}) == len(people)


def test_birth_dates_and_current_validity(people: list[Person]) -> None:
    for person in people:
        assert FIRST_BIRTH <= person.birth_date <= LAST_BIRTH
        assert person.birth_date < person.valid_from <= TODAY, person
        assert person.valid_to is None or person.valid_to >= TODAY + VALID_MARGIN, person
        assert _span_is_lawful(person), person
    assert any(p.valid_to is None for p in people), "nobody with a long-term card"
    assert {validity_years(age_on(p.birth_date, p.valid_from)) for p in people} >= {5, 10, 20, None}


def test_expired_cards_ended_well_before_today_with_a_lawful_span() -> None:
    factory = PersonFactory(random.Random(7), TODAY)
    for _ in range(100):
        person = factory.person(expired=True)
        assert person.valid_to is not None
        assert person.valid_to <= TODAY - EXPIRED_MARGIN, person
        assert _span_is_lawful(person), person


@pytest.mark.parametrize(
    ("age", "years"), [(0, 5), (15, 5), (16, 10), (25, 10), (26, 20), (45, 20), (46, None)]
)
def test_validity_years_follow_the_id_card_law(age: int, years: int | None) -> None:
    assert validity_years(age) == years


def test_add_years_keeps_month_and_day() -> None:
    assert add_years(dt.date(2015, 3, 7), 20) == dt.date(2035, 3, 7)
    assert add_years(dt.date(2016, 2, 29), 5) == dt.date(2021, 2, 28)


def test_id_number_example() -> None:
    assert id_number("440305", dt.date(1990, 3, 7), 123) == "440305199003071236"


@given(
    st.sampled_from([r.code for r in load_regions() if r.assigned_in(1990)]),
    st.dates(dt.date(1990, 1, 1), dt.date(1990, 12, 31)),
    st.integers(0, 999),
    st.integers(0, 2**32),
)
def test_forged_check_digits_never_validate(
    region: str, born: dt.date, sequence: int, seed: int
) -> None:
    number = id_number(region, born, sequence)
    assert ric.is_valid(number)
    forged = forge_check_digit(number, random.Random(seed))
    assert forged[:17] == number[:17]
    assert not ric.is_valid(forged), forged


def test_names_have_variety_and_print(people: list[Person]) -> None:
    lengths = Counter(len(p.name) for p in people)
    assert lengths[2], lengths
    assert lengths[3], lengths
    assert any(len(p.surname) == 2 for p in people), "no compound surname"
    assert any("·" in p.name for p in people), "no Uyghur name"
    assert sum(p.ethnicity != "汉" for p in people) >= 20
    rare = set("喆堃燊犇淼昇彧珺玥琰翀旻昶焱垚骞晗祎瑾璟")
    assert any(rare & set(p.name) for p in people), "no rare character"
    fonts = find_cjk_fonts()
    for person in people:
        assert any(has_glyphs(f, person.name + person.address) for f in fonts), person.name


def test_phones_are_unique_mainland_mobiles(people: list[Person]) -> None:
    phones = [p.phone for p in people]
    assert len(set(phones)) == len(phones)
    for phone in phones:
        assert len(phone) == 11, phone
        assert phone.startswith("1"), phone
        assert Applicant(name="x", id_number="x", phone=phone).phone == phone


def test_pinyin_spellings_match_the_han_name(people: list[Person]) -> None:
    spelled = 0
    for person in people:
        for upper in (True, False):
            spelling = pinyin_spelling(person, upper)
            if spelling is None:
                continue
            spelled += 1
            surname, given_name = spelling.split(" ")
            assert surname.isupper() is upper or len(surname) == 1, spelling
            assert given_name[0].isupper(), spelling
            assert given_name[1:].islower(), spelling
            assert name_keys(spelling) & name_keys(person.name), (person.name, spelling)
    assert spelled > len(people)


def test_surname_readings_are_the_surname_ones() -> None:
    zeng = Person("曾", "曾伟", "男", "汉", TODAY, "", "", "", TODAY, None, "")
    assert pinyin_spelling(zeng, upper_surname=True) == "ZENG Wei"
    uyghur = Person("", "古丽·依明", "女", "维吾尔", TODAY, "", "", "", TODAY, None, "")
    assert pinyin_spelling(uyghur, upper_surname=False) is None


def test_misspelt_names_differ_in_one_character() -> None:
    factory = PersonFactory(random.Random(3), TODAY)
    for name in ("张伟", "欧阳娜娜", "古丽·依明", "扎西"):
        typed = factory.misspelt(name)
        assert len(typed) == len(name)
        assert sum(a != b for a, b in zip(typed, name, strict=True)) == 1, (name, typed)


def test_the_same_seed_gives_the_same_people() -> None:
    def batch(seed: int) -> list[Person]:
        factory = PersonFactory(random.Random(seed), TODAY)
        return [factory.person() for _ in range(20)]

    assert batch(1) == batch(1)
    assert batch(1) != batch(2)


@pytest.mark.parametrize("people_count", [100, 250, 1000])
def test_scenario_mix_has_every_fault_and_stays_mostly_clean(people_count: int) -> None:
    mix = Counter(scenario_mix(people_count, random.Random(0)))
    assert sum(mix.values()) == people_count
    assert all(mix[s] >= 1 for s in Scenario), mix
    clean = mix[Scenario.CLEAN] + mix[Scenario.DECOY]
    assert clean == people_count - round(people_count * 0.3)
    specials = [mix[s] for s in SPECIAL_ORDER]
    assert max(specials) - min(specials) <= 1, "faults are spread evenly"
