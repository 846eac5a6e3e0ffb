"""Reading application files: every good record goes through, every bad one gets a clear error.

One reader per file suffix (``READERS``): JSON Lines, CSV and Excel. Readers return an
``IntakeReport``: the valid applications with the line (or spreadsheet row) they came from,
their document paths made absolute and confined to the intake folders (``confine``), and one
``RecordError`` per problem found.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from robotlib.errors import InputError
from robotlib.intake.jsonl import read_jsonl
from robotlib.intake.report import IntakeRecord, IntakeReport, RecordError
from robotlib.intake.tables import TableOptions, read_csv, read_excel

__all__ = [
    "READERS",
    "IntakeRecord",
    "IntakeReport",
    "RecordError",
    "TableOptions",
    "read_applications",
]

#: file suffix -> reader; JSONL uses only the ``limits`` of the ``TableOptions``
READERS: dict[str, Callable[[Path, TableOptions], IntakeReport]] = {
    ".jsonl": lambda path, options: read_jsonl(path, options.limits),
    ".ndjson": lambda path, options: read_jsonl(path, options.limits),
    ".csv": read_csv,
    ".tsv": read_csv,
    ".xlsx": read_excel,
    ".xlsm": read_excel,
}


def read_applications(path: Path, options: TableOptions | None = None) -> IntakeReport:
    """Read and validate the applications in ``path``, chosen by its suffix.

    :param options: column mapping, defaults, images folder and encoding of CSV and Excel
        files; the document limits of every file.
    :raises InputError: the file is missing, unreadable, of an unsupported kind, or a table
        whose header names no applicant.
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(READERS))
        raise InputError(
            f"{path}: cannot read {path.suffix or 'suffix-less'} files (supported: {supported})"
        )
    return reader(path, options or TableOptions())
