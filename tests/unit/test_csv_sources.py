import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from robotlib.config import SourceConfig
from robotlib.datasets.registries import ENTERPRISE_REGISTRY, GOV_IDENTITY, TELECOM
from robotlib.errors import ConfigError, SourceUnavailable
from robotlib.sources.base import EnterpriseRegistrySource, GovIdentitySource
from robotlib.sources.csv_sources import (
    CsvRecords,
    CsvScreening,
    make_csv_source,
    open_csv,
)
from robotlib.sources.records import EnterpriseRecord, EnterpriseStatus

GOV_HEADER = (
    "id_number,name,sex,ethnicity,birth_date,address,issuing_authority,valid_from,valid_to,status\n"
)
GOV_ROW = (
    "440305199003071236,张伟,男,汉,1990-03-07,深圳市南山区,深圳市公安局,"
    "2015-03-07,2035-03-07,normal\n"
)
LIST_HEADER = "list,level,id_number,name,birth_date,reason\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_gov_identity_lookup(tmp_path: Path) -> None:
    source = open_csv(GOV_IDENTITY, write(tmp_path / "gov.csv", GOV_HEADER + GOV_ROW))
    record = source.lookup("440305199003071236")
    assert record is not None
    assert record.name == "张伟"
    assert record.birth_date == dt.date(1990, 3, 7)
    assert source.lookup("110101199001011234") is None


def test_bad_rows_are_skipped_and_named(tmp_path: Path) -> None:
    bad = (
        "11010119900101123X,李娜,女,汉,1990-13-01,北京,北京市公安局,2015-01-01,2035-01-01,normal\n"
    )
    path = write(tmp_path / "gov.csv", GOV_HEADER + bad + GOV_ROW)
    source = open_csv(GOV_IDENTITY, path)
    assert source.lookup("440305199003071236") is not None
    assert source.lookup("11010119900101123X") is None
    [error] = source.table.errors
    assert (error.line, error.field) == (2, "birth_date"), str(error)


def test_missing_column_makes_the_source_unavailable(tmp_path: Path) -> None:
    source = open_csv(TELECOM, write(tmp_path / "t.csv", "phone,name\n13800138000,张伟\n"))
    with pytest.raises(SourceUnavailable, match="id_number"):
        source.owner("13800138000")


def test_missing_file_makes_the_source_unavailable(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailable, match="cannot be read"):
        open_csv(TELECOM, tmp_path / "absent.csv").owner("13800138000")


def test_file_is_reloaded_when_it_changes(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "phone,id_number,name\n13800138000,440305199003071236,张伟\n")
    source = open_csv(TELECOM, path)
    assert source.owner("13900139000") is None
    write(path, "phone,id_number,name\n13900139000,440305199003071236,张伟\n")
    os.utime(path, ns=(1, 1))  # a different stamp even within the file system's clock tick
    record = source.owner("13900139000")
    assert record is not None
    assert record.name == "张伟"


def screening(tmp_path: Path, rows: str) -> CsvScreening:
    return CsvScreening("blacklist", write(tmp_path / "bl.csv", LIST_HEADER + rows))


def test_number_match(tmp_path: Path) -> None:
    source = screening(tmp_path, "pboc,black,440305199003071236,张伟,1990-03-07,fraud\n")
    [hit] = source.screen("440305199003071236", "someone else", None)
    assert hit.rule == "id_number"
    assert hit.entry.level == "black"


def test_name_only_entry_needs_the_birth_date(tmp_path: Path) -> None:
    source = screening(tmp_path, "un,black,,ZHANG Wei,1990-03-07,sanctions\n")
    [hit] = source.screen("110101199003071234", "张伟", dt.date(1990, 3, 7))
    assert hit.rule == "name_pinyin"
    assert hit.score < 1.0
    assert source.screen("110101199103071234", "张伟", dt.date(1991, 3, 7)) == []
    assert source.screen("110101199003071234", "张薇薇", dt.date(1990, 3, 7)) == []


def test_name_only_entry_in_han_characters_scores_higher(tmp_path: Path) -> None:
    source = screening(tmp_path, "local,grey,,张伟,1990-03-07,overdue\n")
    [hit] = source.screen("110101199003071234", "张 伟", dt.date(1990, 3, 7))
    assert hit.score == 1.0
    assert hit.entry.level == "grey"


def test_factory_uses_the_source_name_as_dataset(tmp_path: Path) -> None:
    config = SourceConfig(type="csv", path=Path("gov.csv"))
    source = make_csv_source("gov_identity", config, tmp_path)
    assert isinstance(source, GovIdentitySource)
    assert isinstance(source, CsvRecords)
    assert source.table.path == tmp_path / "gov.csv"


def test_factory_rejects_an_unknown_dataset(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="dataset"):
        make_csv_source("pep_list", SourceConfig(type="csv", path=Path("x.csv")), tmp_path)


def test_registry_exports_in_other_shapes_still_match(tmp_path: Path) -> None:
    row = "44030519900307123x,张伟,男,汉,1990/03/07,深圳,深圳市公安局,20150307,2035.03.07,Normal\n"
    source = open_csv(GOV_IDENTITY, write(tmp_path / "gov.csv", GOV_HEADER + row))
    record = source.lookup("44030519900307123X")
    assert record is not None, source.table.errors
    assert (record.birth_date, record.valid_from) == (dt.date(1990, 3, 7), dt.date(2015, 3, 7))
    assert (record.valid_to, record.status) == ("2035-03-07", "normal")


@pytest.mark.parametrize("written", ["+86 138 0013 8000", "138-0013-8000", "8613800138000"])
def test_phones_match_however_they_are_written(tmp_path: Path, written: str) -> None:
    path = write(tmp_path / "t.csv", f"phone,id_number,name\n{written},440305199003071236,张伟\n")
    record = open_csv(TELECOM, path).owner("13800138000")
    assert record is not None, written
    assert record.id_number == "440305199003071236", written


def test_list_level_is_case_insensitive(tmp_path: Path) -> None:
    source = screening(tmp_path, "pboc,BLACK,440305199003071236,张伟,,fraud\n")
    [hit] = source.screen("440305199003071236", "张伟", None)
    assert hit.entry.level == "black"


def test_columns_in_another_order_and_case_still_load(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bl.csv",
        " Name ,Birth_Date,LEVEL,List,Reason,ID_Number\n张伟,1990-03-07,grey,pboc,overdue,\n",
    )
    [hit] = CsvScreening("blacklist", path).screen(
        "110101199003071234", "张伟", dt.date(1990, 3, 7)
    )
    assert (hit.rule, hit.entry.list, hit.entry.level) == ("name_exact", "pboc", "grey")


ENTERPRISE_HEADER = (
    "uscc,name,type,legal_representative,registered_capital,established,address,status\n"
)
ENTERPRISE_ROW = (
    "91440300MA5F123452,深圳华创智联科技有限公司,有限责任公司,张伟,伍佰万元整,"
    "2015-03-07,深圳市南山区,{status}\n"
)


def test_enterprise_registry_lookup_by_credit_code(tmp_path: Path) -> None:
    text = ENTERPRISE_HEADER + ENTERPRISE_ROW.format(status="Abnormal")
    source = make_csv_source(
        "enterprise_registry",
        SourceConfig(type="csv", path=write(tmp_path / "e.csv", text)),
        tmp_path,
    )
    assert isinstance(source, EnterpriseRegistrySource)
    assert isinstance(source, CsvRecords)
    record = source.lookup("9144 0300 ma5f 123452")
    assert record is not None
    assert record.legal_representative == "张伟"
    assert record.status is EnterpriseStatus.ABNORMAL
    assert record.established == dt.date(2015, 3, 7)
    assert source.lookup("91110105MA00123456") is None


def test_bad_enterprise_rows_are_skipped_and_named_by_file_line_and_field(tmp_path: Path) -> None:
    bad = (
        ENTERPRISE_HEADER
        + ENTERPRISE_ROW.format(status="suspended")
        + ENTERPRISE_ROW.replace("91440300MA5F123452", "9144").format(status="normal")
        + ENTERPRISE_ROW.replace("2015-03-07", "someday").format(status="normal")
        + ENTERPRISE_ROW.format(status="normal")
    )
    source = open_csv(ENTERPRISE_REGISTRY, write(tmp_path / "e.csv", bad))
    assert source.lookup("91440300MA5F123452") is not None
    assert [str(e) for e in source.table.errors] == [
        "e.csv line 2, field 'status': Input should be 'normal', 'revoked', 'cancelled' or "
        "'abnormal'",
        "e.csv line 3, field 'uscc': String should match pattern '^[0-9A-Z]{18}$'",
        "e.csv line 4, field 'established': " + source.table.errors[2].message,
    ]


@given(
    st.text("0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=18, max_size=18),
    st.sampled_from(["normal", "REVOKED", " Cancelled ", "abnormal"]),
    st.sampled_from(["2015-03-07", "2015/03/07", "20150307", "2015年3月7日"]),
)
def test_property_enterprise_rows_in_export_shapes_parse(code: str, status: str, day: str) -> None:
    spaced = " ".join(code[i : i + 6] for i in range(0, 18, 6)).lower()
    record = EnterpriseRecord.model_validate(
        {
            "uscc": spaced,
            "name": "某公司",
            "legal_representative": "张伟",
            "established": day,
            "status": status,
        }
    )
    assert record.uscc == code
    assert record.status.value == status.strip().lower()
    assert record.established == dt.date(2015, 3, 7)
