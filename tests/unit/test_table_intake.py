"""CSV and Excel intake: columns by header in any order, per-row errors, images by ref."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from robotlib.errors import InputError
from robotlib.intake import RecordError, TableOptions, read_applications
from robotlib.model import Channel

HEADER = ["工号", "部门", "姓名", "身份证号码", "手机号码", "开户网点"]
ROWS = [
    ["E-1", "财务部", "张伟", "440305199003071236", "13800138000", "shenzhen"],
    ["E-2", "人事部", "李娜", "", "13900139000", "beijing"],
    ["E-3", "研发部", "王芳", "11010519491231002X", "not a phone", "beijing"],
    ["E-4", "销售部", "刘洋", "110105194912310029", "", "shanghai"],
]


def write_xlsx(path: Path, rows: list[list[object]], title: bool = True) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if title:
        sheet.append(["代发工资开户名单 2026-11"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8", **kw: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, **kw).writerows(rows)
    return path


def by_line(errors: list[RecordError]) -> dict[int, list[RecordError]]:
    found: dict[int, list[RecordError]] = {}
    for error in errors:
        found.setdefault(error.line, []).append(error)
    return found


def test_excel_good_rows_pass_and_bad_rows_name_row_field_and_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "payroll.xlsx", [HEADER, *ROWS])

    report = read_applications(path)

    assert [(r.line, r.application.ref) for r in report.records] == [(3, "E-1"), (6, "E-4")]
    errors = by_line(report.errors)
    assert sorted(errors) == [4, 5]
    blank = errors[4][0]
    assert (blank.ref, blank.field, blank.column) == ("E-2", "applicant.id_number", "身份证号码")
    assert str(blank) == (
        "row 4 (E-2): applicant.id_number (column '身份证号码'): required field is missing"
    )
    phone = errors[5][0]
    assert (phone.field, phone.column) == ("applicant.phone", "手机号码")
    first = report.records[0].application
    assert first.channel is Channel.BATCH
    assert (first.applicant.name, first.branch) == ("张伟", "shenzhen")


def test_csv_in_gb18030_with_semicolons_and_english_headers(tmp_path: Path) -> None:
    rows = [["Mobile", "ID Card No.", "Full Name", "Employee ID"]]
    rows += [[r[4], r[3], r[2], r[0]] for r in ROWS]
    path = write_csv(tmp_path / "staff.csv", rows, encoding="gb18030", delimiter=";")

    report = read_applications(path)

    assert [r.application.ref for r in report.records] == ["E-1", "E-4"]
    assert [r.application.applicant.name for r in report.records] == ["张伟", "刘洋"]
    assert sorted({e.line for e in report.errors}) == [3, 4]


def test_an_id_number_typed_into_a_number_cell_is_reported_not_guessed(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        HEADER,
        ["E-1", "财务部", "张伟", 440305199003071236.0, 13800138000],
    ]
    report = read_applications(write_xlsx(tmp_path / "numbers.xlsx", rows))

    assert report.records == []
    (error,) = report.errors
    assert (error.line, error.field, error.column) == (3, "applicant.id_number", "身份证号码")
    assert "format the column as text" in error.message


def test_explicit_mapping_and_defaults(tmp_path: Path) -> None:
    rows = [["员工全名", "证件", "备注"], ["张伟", "440305199003071236", "x"]]
    path = write_csv(tmp_path / "odd.csv", rows)
    options = TableOptions(
        mapping={"员工全名": "applicant.name", "证件": "applicant.id_number"},
        defaults={"branch": "chengdu", "segment": "payroll"},
    )

    (record,) = read_applications(path, options).records

    application = record.application
    assert application.ref == "odd-000002"  # no ref column: file stem and row
    assert (application.branch, application.segment) == ("chengdu", "payroll")


def test_mapped_headers_are_found_below_a_title_row_in_excel(tmp_path: Path) -> None:
    rows: list[list[object]] = [["员工全名", "证件"], ["张伟", "440305199003071236"]]
    path = write_xlsx(tmp_path / "mapped.xlsx", rows)
    options = TableOptions(mapping={"员工全名": "applicant.name", "证件": "applicant.id_number"})

    (record,) = read_applications(path, options).records

    assert (record.line, record.application.applicant.name) == (3, "张伟")


@pytest.mark.parametrize(
    ("mapping", "header", "message"),
    [
        ({"姓名": "applicant.nmae"}, HEADER, "unknown field"),
        ({"员工姓名": "applicant.name"}, HEADER, "does not have"),
        ({}, ["工号", "姓名", "部门"], "no column holds applicant.id_number"),
        ({}, ["姓名", "身份证号", "证件号码"], "both hold applicant.id_number"),
    ],
)
def test_unusable_headers_fail_the_whole_file_clearly(
    tmp_path: Path, mapping: dict[str, str], header: list[str], message: str
) -> None:
    path = write_csv(tmp_path / "bad.csv", [header, ["x"] * len(header)])

    with pytest.raises(InputError, match=message):
        read_applications(path, TableOptions(mapping=mapping))


def test_a_file_without_any_header_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "blank.xlsx", [["a", "b"], [1, 2]], title=False)

    with pytest.raises(InputError, match="no sheet has a header row"):
        read_applications(path)


def test_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip", encoding="utf-8")

    with pytest.raises(InputError, match="not a readable Excel workbook"):
        read_applications(path)


def test_images_are_found_by_ref_in_the_images_folder(tmp_path: Path) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "E-1-front.jpg").write_bytes(b"x")
    (photos / "E-1_back.png").write_bytes(b"x")
    path = write_xlsx(tmp_path / "p.xlsx", [HEADER, ROWS[0]])

    (record,) = read_applications(path, TableOptions(images=photos)).records

    documents = record.application.documents
    assert documents.id_front == (photos / "E-1-front.jpg").resolve()
    assert documents.id_back == (photos / "E-1_back.png").resolve()


def test_images_are_found_by_ref_in_subfolders_and_an_ambiguous_side_is_left_out(
    tmp_path: Path,
) -> None:
    photos = tmp_path / "photos"
    (photos / "sales").mkdir(parents=True)
    (photos / "hr").mkdir()
    (photos / "sales" / "E-1-front.jpg").write_bytes(b"x")
    (photos / "sales" / "E-1-back.jpg").write_bytes(b"x")
    (photos / "hr" / "E-1_back.png").write_bytes(b"x")  # a second back: whose is it?
    path = write_xlsx(tmp_path / "p.xlsx", [HEADER, ROWS[0]])

    (record,) = read_applications(path, TableOptions(images=photos)).records

    documents = record.application.documents
    assert documents.id_front == (photos / "sales" / "E-1-front.jpg").resolve()
    assert documents.id_back is None


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(len(HEADER))))
def test_column_order_does_not_matter(
    tmp_path_factory: pytest.TempPathFactory, order: list[int]
) -> None:
    folder = tmp_path_factory.mktemp("order")
    rows = [[row[i] for i in order] for row in [HEADER, *ROWS]]
    report = read_applications(write_csv(folder / "p.csv", rows))

    assert [r.application.ref for r in report.records] == ["E-1", "E-4"]
    assert sorted({(e.ref, e.field) for e in report.errors}) == [
        ("E-2", "applicant.id_number"),
        ("E-3", "applicant.phone"),
    ]
