import datetime as dt
from pathlib import Path

import pytest

from robotlib.config import SourceConfig
from robotlib.errors import ConfigError
from robotlib.sandbox.registries.screening_set import (
    DECOYS,
    VARIANTS,
    Agreement,
    labelled_screening_set,
)
from robotlib.screening.index import ScreeningIndex
from robotlib.screening.settings import ScreeningSettings
from robotlib.sources.csv_sources import CsvScreening, make_csv_source
from robotlib.sources.records import ListEntry, ListHit, ListLevel
from tests.helpers.config_files import load_error

BIRTH = dt.date(1990, 3, 7)
#: a man born 1990-03-07 (17th digit odd), and a woman
MAN = "110101199003071234"
WOMAN = "110101199003071242"


def entry(name: str, birth: dt.date | None = BIRTH, **extra: object) -> ListEntry:
    return ListEntry.model_validate(
        {"list": "pboc", "level": ListLevel.GREY, "name": name, "birth_date": birth, **extra}
    )


def screen(
    entries: list[ListEntry], name: str, number: str = MAN, threshold: float = 0.85
) -> list[ListHit]:
    index = ScreeningIndex(entries, ScreeningSettings(threshold=threshold))
    return index.screen(number, name, dt.date(int(number[6:10]), 3, 7))


@pytest.mark.parametrize(
    ("listed", "applicant", "rule"),
    [
        ("张伟", "张伟", "name_exact"),
        ("张伟", "张 伟", "name_exact"),
        ("張偉", "张伟", "name_variant"),
        ("ZHANG Wei", "张伟", "name_pinyin"),
        ("Zhang Wei", "张伟", "name_pinyin"),
        ("zhangwei", "張偉", "name_pinyin"),
        ("王明", "玉明", "name_ocr"),
        ("李己", "李已", "name_ocr"),
        ("Zhang Xiaoweii", "张晓伟", "name_fuzzy"),
        ("阿依古丽·买买提", "阿依古丽买买提", "name_exact"),
    ],
)
def test_name_variants_hit_with_their_rule(listed: str, applicant: str, rule: str) -> None:
    [hit] = screen([entry(listed)], applicant)
    assert hit.rule == rule, (listed, applicant, hit)
    assert 0.85 <= hit.score <= 1.0
    assert "birth date equal" in hit.evidence


@pytest.mark.parametrize(
    ("listed", "applicant"),
    [("张伟", "张巍"), ("ZHANG Wen", "张伟"), ("章伟", "张伟"), ("李娜", "李宁"), ("王明", "汪明")],
)
def test_other_names_do_not_hit(listed: str, applicant: str) -> None:
    assert screen([entry(listed)], applicant) == [], (listed, applicant)


def test_a_common_name_with_another_birth_date_does_not_hit() -> None:
    entries = [entry("张伟", dt.date(1985, 6, 1)), entry("ZHANG Wei", dt.date(1990, 3, 8))]
    assert screen(entries, "张伟") == []


def test_sex_is_evidence() -> None:
    entries = [entry("张伟", sex="M")]
    [hit] = screen(entries, "张伟", MAN)
    assert "sex equal" in hit.evidence
    assert screen(entries, "张伟", WOMAN) == []


def test_homophones_and_entries_without_birth_date_need_a_lower_threshold() -> None:
    entries = [entry("章伟"), entry("刘洋", birth=None)]
    assert screen(entries, "张伟") == []
    assert screen(entries, "刘洋") == []
    [homophone] = screen(entries, "张伟", threshold=0.8)
    [undated] = screen(entries, "刘洋", threshold=0.8)
    assert (homophone.rule, undated.rule) == ("name_homophone", "name_exact")
    assert "birth date unknown on one side" in undated.evidence


def test_number_hits_whatever_the_name_and_explains_without_personal_data() -> None:
    listed = entry("张伟", id_number=MAN, level="black")
    [hit] = screen([listed], "李娜")
    assert (hit.rule, hit.score) == ("id_number", 1.0)
    explanation = hit.explain()
    assert explanation.startswith("id_number score 1.00 on pboc (black list)")
    assert "张" not in explanation
    assert MAN not in explanation


def test_best_hit_comes_first() -> None:
    hits = screen([entry("ZHANG Wei"), entry("张伟", id_number=MAN)], "张伟")
    assert [h.rule for h in hits] == ["id_number", "name_pinyin"]


def test_threshold_comes_from_the_source_config(tmp_path: Path) -> None:
    (tmp_path / "bl.csv").write_text(
        "list,level,id_number,name,birth_date,reason\nl,grey,,章伟,1990-03-07,x\n",
        encoding="utf-8",
    )
    strict = make_csv_source("blacklist", SourceConfig(type="csv", path=Path("bl.csv")), tmp_path)
    lenient = make_csv_source(
        "blacklist", SourceConfig(type="csv", path=Path("bl.csv"), threshold=0.8), tmp_path
    )
    assert isinstance(strict, CsvScreening)
    assert isinstance(lenient, CsvScreening)
    assert strict.screen(MAN, "张伟", BIRTH) == []
    assert len(lenient.screen(MAN, "张伟", BIRTH)) == 1


@pytest.mark.parametrize("bad", [0, 1.5, "high"])
def test_a_bad_threshold_names_the_key(tmp_path: Path, bad: object) -> None:
    table = {"type": "csv", "path": "bl.csv", "threshold": bad}
    assert "sources.blacklist: Value error, threshold: " in load_error(tmp_path, "blacklist", table)
    config = SourceConfig.model_construct(type="csv", path=Path("bl.csv"), threshold=bad)
    with pytest.raises(ConfigError, match=r"\[sources.blacklist\] threshold"):
        make_csv_source("blacklist", config, tmp_path)


def test_a_bad_sex_value_skips_the_row_and_names_it(tmp_path: Path) -> None:
    path = tmp_path / "bl.csv"
    path.write_text(
        "list,level,id_number,name,birth_date,reason,sex\n"
        "l,grey,,张伟,1990-03-07,x,unknown\nl,grey,,李娜,1990-03-07,x,F\n",
        encoding="utf-8",
    )
    source = CsvScreening("blacklist", path)
    assert len(source.screen(WOMAN, "李娜", BIRTH)) == 1
    [error] = source.table.errors
    assert (error.line, error.field) == (2, "sex"), str(error)


def test_labelled_set_recall_and_precision() -> None:
    labelled = labelled_screening_set(entries=4000, queries=1100, seed=11)
    index = ScreeningIndex(labelled.entries)
    agreement = Agreement()
    for query in labelled.queries:
        agreement.add(query, index.screen(query.id_number, query.name, query.birth_date))
    assert all(agreement.queries[kind] == 100 for kind in VARIANTS + DECOYS), agreement.queries
    assert agreement.recall(("number",)) == 1.0
    assert agreement.recall(VARIANTS) >= 0.97, agreement.found
    assert agreement.precision(VARIANTS + DECOYS) >= 0.97, agreement.false_hits
    assert sum(agreement.false_hits[kind] for kind in DECOYS) <= 3, agreement.false_hits
