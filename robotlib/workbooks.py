"""Workbooks people open: the results of a batch and the per-row validation report.

Both are for operators and employers' contacts, so names and identity numbers are masked;
the full result records stay available through ``veribot results --format jsonl``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from robotlib.errors import InputError
from robotlib.intake import RecordError
from robotlib.masking import mask_id_number, mask_name
from robotlib.model import ResultRecord
from robotlib.xlsx_open import capped_rows, open_workbook

RESULT_COLUMNS = ("ref", "status", "decision", "reasons", "name", "id_number", "risk_score")
REPORT_COLUMNS = ("row", "ref", "field", "column", "problem")


def write_results_workbook(results: Iterable[ResultRecord], path: Path) -> int:
    """One row per result, masked; returns the number of rows written."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("results")
    sheet.append(list(RESULT_COLUMNS))
    rows = 0
    for record in results:
        sheet.append(
            [
                record.ref,
                record.status.value,
                record.decision.value if record.decision else "",
                " ".join(record.reasons),
                mask_name(record.fields.name),
                mask_id_number(record.fields.id_number),
                record.risk_score,
            ]
        )
        rows += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return rows


def read_results_workbook(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """ref -> (decision, reasons) of a workbook written by ``write_results_workbook``.

    :raises InputError: the file is not such a workbook.
    """
    workbook = open_workbook(path, "results workbook")
    try:
        rows = capped_rows(path, workbook["results"].iter_rows(values_only=True))
        header = tuple(next(rows, ()))
        if header[: len(RESULT_COLUMNS)] != RESULT_COLUMNS:
            raise InputError(f"{path}: sheet 'results' does not start with {RESULT_COLUMNS}")
        return {
            str(row[0]): (str(row[2] or ""), frozenset(str(row[3] or "").split()))
            for row in rows
            if row and row[0]
        }
    except KeyError:
        raise InputError(f"{path} has no sheet 'results'") from None
    finally:
        workbook.close()


def write_validation_report(errors: Iterable[RecordError], path: Path) -> int:
    """One row per problem (row, ref, field, column, why), as .xlsx or .csv by suffix.

    :returns: the number of problems written.
    """
    rows = [
        [error.line, error.ref or "", error.field or "", error.column or "", error.message]
        for error in sorted(errors, key=lambda e: e.line)
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(REPORT_COLUMNS)
            writer.writerows(rows)
        return len(rows)
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("validation")
    sheet.append(list(REPORT_COLUMNS))
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return len(rows)
