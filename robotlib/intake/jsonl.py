"""JSON Lines application files: one JSON application per line."""

from __future__ import annotations

import json
from pathlib import Path

from robotlib.errors import InputError
from robotlib.intake.report import IntakeReport, RecordError


def read_jsonl(path: Path) -> IntakeReport:
    """One JSON object per line; blank lines are skipped."""
    report = IntakeReport(path=path)
    base = path.resolve().parent
    # split on \n only: str.splitlines would also cut at U+2028 and the like, which JSON
    # allows unescaped inside strings
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if line.strip():
            _add_line(report, number, line, base)
    return report


def read_text(path: Path) -> str:
    """The file's text; a byte-order mark is dropped.

    :raises InputError: the file is missing, unreadable or not UTF-8.
    """
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


def _add_line(report: IntakeReport, number: int, line: str, base: Path) -> None:
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
    report.add(number, data, base)
