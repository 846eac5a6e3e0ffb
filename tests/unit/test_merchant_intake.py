"""The merchant application contract: ``business`` and ``documents.licence``, in JSONL and in
tables, without changing what a personal application is."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from robotlib.intake import TableOptions, read_applications
from robotlib.model import Application

CODE = "91440300MA5F123452"
MERCHANT: dict[str, Any] = {
    "ref": "SZM-000001",
    "kind": "merchant_account",
    "applicant": {"name": "张伟", "id_number": "440305199003071236"},
    "business": {"uscc": "9144 0300 ma5f 123452", "name": "深圳华创智联科技有限公司"},
    "documents": {
        "licence": "images/licence.jpg",
        "id_front": "images/front.jpg",
        "id_back": "images/back.jpg",
    },
}


def read_jsonl(tmp_path: Path, *records: dict[str, Any]) -> Any:
    path = tmp_path / "apps.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return read_applications(path)


def test_a_merchant_record_is_read_with_its_business_and_licence(tmp_path: Path) -> None:
    report = read_jsonl(tmp_path, MERCHANT)
    assert report.errors == []
    [application] = report.applications
    assert application.business is not None
    assert application.business.uscc == CODE
    assert application.documents.licence == (tmp_path / "images/licence.jpg").resolve()


def test_a_merchant_record_without_business_names_the_field(tmp_path: Path) -> None:
    record = {k: v for k, v in MERCHANT.items() if k != "business"}
    report = read_jsonl(tmp_path, record)
    [error] = report.errors
    assert (error.line, error.ref, error.field) == (1, "SZM-000001", "business")
    assert "merchant_account" in error.message
    assert str(error).startswith("line 1 (SZM-000001): business: ")


@pytest.mark.parametrize(
    ("business", "field"),
    [
        ({"uscc": "", "name": "某公司"}, "business.uscc"),
        ({"uscc": CODE}, "business.name"),
        ({"uscc": CODE, "name": "某公司", "capital": "1"}, "business.capital"),
    ],
)
def test_bad_business_fields_are_named(
    tmp_path: Path, business: dict[str, str], field: str
) -> None:
    [error] = read_jsonl(tmp_path, {**MERCHANT, "business": business}).errors
    assert error.field == field, business


def test_personal_records_are_unchanged_and_may_not_need_a_business() -> None:
    personal = Application.model_validate(
        {"ref": "SZ-1", "applicant": {"name": "张伟", "id_number": "440305199003071236"}}
    )
    assert personal.kind == "personal_account"
    assert personal.business is None
    assert "business" not in personal.model_dump(exclude_none=True)


def test_a_table_with_chinese_business_headers_maps_to_the_dotted_fields(tmp_path: Path) -> None:
    path = tmp_path / "merchants.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "申请编号",
                "业务类型",
                "姓名",
                "身份证号码",
                "统一社会信用代码",
                "企业名称",
                "营业执照",
            ]
        )
        writer.writerow(
            ["SZM-2", "merchant_account", "张伟", "440305199003071236", CODE, "某公司", "l.jpg"]
        )
    report = read_applications(path)
    assert report.errors == [], report.errors
    [application] = report.applications
    assert application.kind == "merchant_account"
    assert application.applicant.name == "张伟"
    assert application.business is not None
    assert application.business.name == "某公司"
    assert application.documents.licence == (tmp_path / "l.jpg").resolve()


def test_a_licence_photo_is_found_by_ref_beside_the_id_photos(tmp_path: Path) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    for name in ("SZM-3-front.jpg", "SZM-3-back.jpg", "SZM-3_licence.png"):
        (photos / name).write_bytes(b"x")
    path = tmp_path / "merchants.csv"
    path.write_text(
        f"ref,kind,name,id number,credit code,company name\n"
        f"SZM-3,merchant_account,张伟,440305199003071236,{CODE},某公司\n",
        encoding="utf-8",
    )
    (record,) = read_applications(path, TableOptions(images=photos)).records
    documents = record.application.documents
    assert documents.licence == (photos / "SZM-3_licence.png").resolve()
    assert documents.id_front == (photos / "SZM-3-front.jpg").resolve()
