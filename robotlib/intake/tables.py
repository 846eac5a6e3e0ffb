"""CSV and Excel application files, such as an employer's bulk payroll-account list.

Each data row becomes one application, validated like a JSONL record; a bad row is reported
with its spreadsheet row number, field and column and never stops the good rows. Columns are
found by their headers (``columns.map_columns``), in any order, below any title rows. Rows
default to channel ``batch``; a file without a ref column gets refs ``<file stem>-<row>``,
stable as long as the file is not re-sorted. Document paths are relative to the images
folder when one is given, else to the file's folder; without document columns the images are
looked up in the images folder and its subfolders as ``<ref>-front.*`` and ``<ref>-back.*``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from robotlib.errors import InputError
from robotlib.intake.cells import cell_text
from robotlib.intake.columns import ColumnMap, looks_like_header, map_columns
from robotlib.intake.confine import DocumentLimits
from robotlib.intake.encodings import decode_table
from robotlib.intake.photos import PhotoIndex
from robotlib.intake.report import IntakeReport, RecordError
from robotlib.xlsx_open import capped_rows, open_workbook

#: rows above the header that may hold a title, a date or the employer's name
HEADER_SEARCH_ROWS = 10
_LIST_SEPARATORS = re.compile(r"[,;，；、\s]+")
_REF_UNSAFE = re.compile(r"[^A-Za-z0-9._:-]+")

Row = tuple[int, Sequence[object]]


@dataclass(frozen=True)
class TableOptions:
    """How to read an applications file (JSONL uses ``limits`` only)."""

    #: header as written -> dotted field, before the known spellings
    mapping: Mapping[str, str] = field(default_factory=dict)
    #: dotted field -> value for rows that leave it blank (``branch``, ``segment``, …)
    defaults: Mapping[str, str] = field(default_factory=dict)
    #: the folder holding the ID images (a zip must be extracted first: ``inbox``)
    images: Path | None = None
    #: the text encoding of a CSV file that is not UTF-8 (``gb18030``, ``big5``); None: detect
    encoding: str | None = None
    #: further folders documents may come from, and the size cap (``[intake]``)
    limits: DocumentLimits = field(default_factory=DocumentLimits)


def read_csv(path: Path, options: TableOptions | None = None) -> IntakeReport:
    """A CSV file (comma, semicolon or tab): UTF-8, ``options.encoding``, or GB18030 as saved
    by Chinese Excel when it is recognised as such (``encodings.decode_table``)."""
    text = decode_table(path, (options or TableOptions()).encoding)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:8192], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.splitlines(), dialect)
    # the row number of a record is that of its first physical line, as spreadsheets show it
    return _read_rows(path, ((reader.line_num, row) for row in reader), options)


def read_excel(path: Path, options: TableOptions | None = None) -> IntakeReport:
    """The first sheet of an .xlsx workbook with a recognisable header row."""
    workbook = open_workbook(path, "Excel workbook (.xlsx)")
    try:
        for sheet in workbook.worksheets:
            rows = enumerate(capped_rows(path, sheet.iter_rows(values_only=True)), start=1)
            head = [next(rows, None) for _ in range(HEADER_SEARCH_ROWS)]
            found = [row for row in head if row is not None]
            mapping = (options or TableOptions()).mapping
            if any(looks_like_header(_texts(cells), mapping) for _, cells in found):
                return _read_rows(path, _chain(found, rows), options)
        raise InputError(
            f"{path}: no sheet has a header row naming the applicant's name and ID number "
            f"in its first {HEADER_SEARCH_ROWS} rows"
        )
    finally:
        workbook.close()


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def _texts(cells: Sequence[object]) -> list[str]:
    return ["" if c is None else str(c) for c in cells]


def _read_rows(path: Path, rows: Iterator[Row], options: TableOptions | None) -> IntakeReport:
    options = options or TableOptions()
    report = IntakeReport(path=path, limits=options.limits)
    photos = PhotoIndex(options.images) if options.images is not None else None
    columns: ColumnMap | None = None
    for number, cells in rows:
        if columns is None:
            if number > HEADER_SEARCH_ROWS:
                break
            if looks_like_header(_texts(cells), options.mapping):
                columns = map_columns(_texts(cells), options.mapping)
            continue
        if any(_text_or_marker(c) for c in cells):
            _add_row(report, number, cells, columns, options, photos)
    if columns is None:
        raise InputError(
            f"{path}: no header row naming the applicant's name and ID number in its first "
            f"{HEADER_SEARCH_ROWS} rows; map the columns with --column HEADER=FIELD"
        )
    return report


def _text_or_marker(value: object) -> str | None:
    """The cell as text, None when blank, a marker when unreadable (to tell blank rows)."""
    try:
        return cell_text(value)
    except InputError:
        return "?"


def _add_row(
    report: IntakeReport,
    number: int,
    cells: Sequence[object],
    columns: ColumnMap,
    options: TableOptions,
    photos: PhotoIndex | None,
) -> None:
    data: dict[str, Any] = {"channel": "batch"}
    for name, value in options.defaults.items():
        _put(data, name, value)
    ref = None
    bad = False
    for name, index in columns.index.items():
        raw = cells[index] if index < len(cells) else None
        try:
            text = cell_text(raw)
        except InputError as exc:
            report.errors.append(
                RecordError(number, ref, name, str(exc), columns.headers[name], "row")
            )
            bad = True
            continue
        if text is None:
            continue
        if name == "ref":
            ref = text
        _put(data, name, _LIST_SEPARATORS.split(text) if name == "products" else text)
    if bad:
        return
    data.setdefault("ref", _default_ref(report.path, number))
    base = options.images or report.path.resolve().parent
    if photos is not None and "documents" not in data:
        data["documents"] = photos.documents(str(data["ref"]))
    report.add(number, data, base, columns=columns.headers)


def _put(data: dict[str, Any], dotted: str, value: object) -> None:
    *parents, leaf = dotted.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[leaf] = value


def _default_ref(path: Path, row: int) -> str:
    stem = _REF_UNSAFE.sub("-", path.stem).strip("-._:")[:48] or "row"
    return f"{stem}-{row:06d}"
