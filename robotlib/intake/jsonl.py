"""JSON Lines application files: one JSON application per line."""

from __future__ import annotations

import json
from pathlib import Path

from robotlib.intake.confine import DocumentLimits
from robotlib.intake.encodings import read_text
from robotlib.intake.report import IntakeReport, RecordError


def read_jsonl(path: Path, limits: DocumentLimits | None = None) -> IntakeReport:
    """One JSON object per line; blank lines are skipped.

    :param limits: where documents may come from besides the file's folder, and how big.
    """
    report = IntakeReport(path=path, limits=limits or DocumentLimits())
    base = path.resolve().parent
    # split on \n only: str.splitlines would also cut at U+2028 and the like, which JSON
    # allows unescaped inside strings
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if line.strip():
            _add_line(report, number, line, base)
    return report


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
