"""Reading application files: every good record goes through, every bad one gets a clear error.

One reader per file suffix (JSONL today; CSV and Excel are added to ``READERS``). Readers
return an ``IntakeReport``: the valid applications with the line they came from, their document
paths made absolute against the file's folder, and one ``RecordError`` per problem found.
Errors name the line, the ref when it could be read and the field, never the field's value:
it may be personal data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from robotlib.errors import InputError
from robotlib.model import Application


@dataclass(frozen=True)
class RecordError:
    """One problem with one input record."""

    #: 1-based line number in the file
    line: int
    #: the record's ref, when it could be read
    ref: str | None
    #: dotted field name (``applicant.name``), or None when the whole record is unreadable
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" ({self.ref})" if self.ref else "")
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass(frozen=True)
class IntakeRecord:
    """A valid application and the line it came from."""

    line: int
    application: Application


@dataclass
class IntakeReport:
    """What a reader found in one file."""

    path: Path
    records: list[IntakeRecord] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)

    @property
    def applications(self) -> list[Application]:
        return [record.application for record in self.records]

    @property
    def bad_lines(self) -> int:
        """How many lines had at least one problem."""
        return len({error.line for error in self.errors})


def read_applications(path: Path) -> IntakeReport:
    """Read and validate the applications in ``path``, chosen by its suffix.

    :raises InputError: the file is missing, unreadable, not UTF-8, or of an unsupported kind.
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(READERS))
        raise InputError(
            f"{path}: cannot read {path.suffix or 'suffix-less'} files (supported: {supported})"
        )
    return reader(path)


def read_jsonl(path: Path) -> IntakeReport:
    """One JSON object per line; blank lines are skipped."""
    report = IntakeReport(path=path)
    base = path.resolve().parent
    # split on \n only: str.splitlines would also cut at U+2028 and the like, which JSON
    # allows unescaped inside strings
    for number, line in enumerate(_read_text(path).split("\n"), start=1):
        if line.strip():
            _add_record(report, number, line, base)
    return report


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except OSError as exc:
        raise InputError(f"{path} cannot be read: {exc.strerror}") from None
    try:
        # utf-8-sig: spreadsheet tools often write a byte-order mark
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
            "save it as UTF-8 and submit again"
        ) from None


def _add_record(report: IntakeReport, number: int, line: str, base: Path) -> None:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        report.errors.append(
            RecordError(number, None, None, f"not valid JSON: {exc.msg} at column {exc.colno}")
        )
        return
    if not isinstance(data, dict):
        report.errors.append(RecordError(number, None, None, "expected a JSON object"))
        return
    ref = data.get("ref") if isinstance(data.get("ref"), str) else None
    try:
        application = Application.model_validate(data)
    except ValidationError as exc:
        report.errors.extend(
            RecordError(number, ref, _field_name(err["loc"]), _message(err))
            for err in exc.errors(include_input=False, include_url=False)
        )
        return
    resolved = application.model_copy(update={"documents": application.documents.resolved(base)})
    report.records.append(IntakeRecord(number, resolved))


def _field_name(loc: tuple[int | str, ...]) -> str | None:
    return ".".join(str(part) for part in loc) or None


_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field",
}


def _message(error: ErrorDetails) -> str:
    return _MESSAGES.get(error["type"], error["msg"])


#: file suffix -> reader; CSV and Excel readers are added here
READERS: dict[str, Callable[[Path], IntakeReport]] = {
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}
