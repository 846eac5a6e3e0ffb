from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from robotlib.errors import InputError
from robotlib.intake import RecordError, read_applications


def record(ref: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ref": ref,
        "kind": "personal_account",
        "channel": "miniprogram",
        "applicant": {"name": "张伟", "id_number": "440305199003071236", "phone": "13800138000"},
        "documents": {"id_front": "images/front.jpg", "id_back": "images/back.jpg"},
    }
    data.update(changes)
    return data


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


def only_error(errors: list[RecordError]) -> RecordError:
    assert len(errors) == 1, errors
    return errors[0]


def test_good_lines_pass_around_bad_ones(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "apps.jsonl",
        [line(record("SZ-1")), "{not json", line(record("SZ-3")), line(record("SZ-4", x=1))],
    )

    report = read_applications(path)

    assert [(r.line, r.application.ref) for r in report.records] == [(1, "SZ-1"), (3, "SZ-3")]
    assert [error.line for error in report.errors] == [2, 4]


def test_malformed_json_names_the_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "apps.jsonl", [line(record("SZ-1")), '{"ref": "SZ-2",'])

    error = only_error(read_applications(path).errors)

    assert (error.line, error.ref, error.field) == (2, None, None)
    assert "not valid JSON" in error.message


def test_a_json_value_that_is_not_an_object_is_an_error(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "apps.jsonl", ['["SZ-1"]'])

    error = only_error(read_applications(path).errors)

    assert (error.line, error.message) == (1, "expected a JSON object")


def test_unknown_field_is_named(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "apps.jsonl", [line(record("SZ-1", nickname="Wei"))])

    error = only_error(read_applications(path).errors)

    assert (error.line, error.ref, error.field) == (1, "SZ-1", "nickname")
    assert error.message == "unknown field"


def test_missing_applicant_name_is_named(tmp_path: Path) -> None:
    data = record("SZ-1")
    del data["applicant"]["name"]
    path = write_jsonl(tmp_path / "apps.jsonl", [line(data)])

    error = only_error(read_applications(path).errors)

    assert (error.line, error.ref, error.field) == (1, "SZ-1", "applicant.name")
    assert str(error) == "line 1 (SZ-1): applicant.name: required field is missing"


def test_bad_channel_is_named_with_the_allowed_values(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "apps.jsonl", [line(record("SZ-1", channel="fax"))])

    error = only_error(read_applications(path).errors)

    assert (error.field, error.ref) == ("channel", "SZ-1")
    assert "miniprogram" in error.message
    assert "batch" in error.message


def test_errors_never_quote_the_rejected_value(tmp_path: Path) -> None:
    data = record("SZ-1")
    data["applicant"]["name"] = "李" * 100  # over the length limit
    path = write_jsonl(tmp_path / "apps.jsonl", [line(data)])

    error = only_error(read_applications(path).errors)

    assert error.field == "applicant.name"
    assert "李" not in str(error)


def test_document_paths_resolve_against_the_file_folder(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    # an absolute path is honoured inside the file's folder (tests/security: outside it)
    absolute = folder / "scans" / "back.jpg"
    data = record("SZ-1", documents={"id_front": "images/front.jpg", "id_back": str(absolute)})
    path = write_jsonl(folder / "apps.jsonl", [line(data)])

    [app] = read_applications(path).applications

    assert app.documents.id_front == folder / "images" / "front.jpg"
    assert app.documents.id_back == absolute


def test_blank_lines_are_skipped_and_line_numbers_kept(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "apps.jsonl", ["", line(record("SZ-2")), "   ", "{"])

    report = read_applications(path)

    assert [r.line for r in report.records] == [2]
    assert [e.line for e in report.errors] == [4]


def test_priority_defaults_from_the_channel(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "apps.jsonl", [line(record("SZ-1", channel="batch"))])

    [app] = read_applications(path).applications

    assert app.priority == "low"


def test_a_line_separator_inside_a_string_does_not_split_the_record(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "apps.jsonl", [line(record("SZ-1", segment="a\u2028b"))])

    [app] = read_applications(path).applications

    assert app.segment == "a\u2028b"


def test_windows_line_endings_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "apps.jsonl"
    path.write_bytes((line(record("SZ-1")) + "\r\n" + line(record("SZ-2")) + "\r\n").encode())

    assert [app.ref for app in read_applications(path).applications] == ["SZ-1", "SZ-2"]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "apps.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + line(record("SZ-1")).encode())

    assert [app.ref for app in read_applications(path).applications] == ["SZ-1"]


def test_non_utf8_is_one_clear_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "apps.jsonl"
    path.write_bytes(line(record("SZ-1")).encode() + b"\n" + line(record("SZ-2")).encode("gbk"))

    with pytest.raises(InputError, match=r"not UTF-8.*line 2"):
        read_applications(path)


def test_unsupported_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "apps.xml"
    path.write_text("<apps/>", encoding="utf-8")

    with pytest.raises(InputError, match=r"cannot read \.xml files.*\.jsonl"):
        read_applications(path)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_applications(tmp_path / "missing.jsonl")


# surrogates cannot be written as UTF-8, and a file holds no such text
LINE_CHARACTERS = st.characters(exclude_characters="\n", exclude_categories=("Cs",))


@pytest.mark.slow
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=LINE_CHARACTERS), max_size=8))
def test_every_non_blank_line_is_a_record_or_an_error(tmp_path: Path, lines: list[str]) -> None:
    path = write_jsonl(tmp_path / "fuzz.jsonl", lines)

    report = read_applications(path)

    seen = {r.line for r in report.records} | {e.line for e in report.errors}
    expected = {n for n, text in enumerate(lines, start=1) if text.strip()}
    assert seen == expected
