"""An .xlsx is a zip archive: one whose XML inflates a thousandfold is refused before openpyxl
reads it, with one clear line and little memory; a sheet past the row cap is refused too."""

from __future__ import annotations

import re
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from robotlib.errors import InputError
from robotlib.intake import read_applications

SHEET = "xl/worksheets/sheet1.xml"


def payroll_workbook(path: Path, rows: int = 1) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号码", "手机号码"])
    for n in range(rows):
        sheet.append([f"员工{n}", "11010519491231002X", "13800000000"])
    workbook.save(path)
    return path


def with_bombed_sheet(source: Path, bomb: Path, megabytes: int) -> Path:
    """``source`` with ``megabytes`` MiB of one repeated row added to its sheet's XML."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    chunk = row * ((1 << 20) // len(row))
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(bomb, "w") as out:
        for member in original.infolist():
            if member.filename != SHEET:
                out.writestr(member, original.read(member))
        # no <dimension>: openpyxl would stop at the range it claims
        sheet = re.sub(rb"<dimension [^>]*/>", b"", original.read(SHEET))
        head, tail = sheet.split(b"</sheetData>")
        info = zipfile.ZipInfo(SHEET)
        info.compress_type = zipfile.ZIP_DEFLATED
        with out.open(info, "w") as handle:
            handle.write(head)
            for _ in range(megabytes):
                handle.write(chunk)
            handle.write(b"</sheetData>" + tail)
    return bomb


def test_an_xlsx_bomb_is_refused_with_one_line_and_bounded_memory(tmp_path: Path) -> None:
    bomb = with_bombed_sheet(
        payroll_workbook(tmp_path / "real.xlsx"), tmp_path / "payroll.xlsx", megabytes=16
    )
    assert bomb.stat().st_size < 100_000  # under 100 kB on disk, 16 MiB of XML inside

    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            read_applications(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    message = str(caught.value)
    assert message.startswith(f"{bomb}: member '{SHEET}' inflates "), message
    assert message.endswith("(zip bomb)")
    assert "\n" not in message
    assert peak < 8 * 1024 * 1024, f"reading the bomb took {peak / 1e6:.0f} MB"


def test_a_sheet_past_the_row_cap_is_refused_naming_the_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("robotlib.xlsx_open.MAX_ROWS", 4)
    path = payroll_workbook(tmp_path / "payroll.xlsx", rows=5)

    with pytest.raises(InputError, match=r"payroll\.xlsx: row 5: over the cap of 4 rows a sheet"):
        read_applications(path)
