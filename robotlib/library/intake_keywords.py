"""Keywords that submit applications: JSONL, CSV and Excel files, with column mapping."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from robot.api import logger
from robotlibcore import keyword

from robotlib.intake import RecordError, TableOptions, read_applications
from robotlib.intake.confine import DocumentLimits
from robotlib.library.context import LibraryContext
from robotlib.plugins.host import get_bots
from robotlib.plugins.serving import unserved_kinds
from robotlib.workbooks import write_validation_report
from scheduler.submission import submit_records


@dataclass(frozen=True)
class SubmitSummary:
    """What ``Submit Applications`` did; holds refs and row numbers, never personal data."""

    file: str
    submitted: int
    duplicates: int
    #: rows (lines) with at least one problem: none of them was submitted
    rejected: int
    #: rows whose ref the pool holds with other content (counted in ``rejected`` too)
    conflicts: int = 0
    #: one per problem: row, ref, field, column, message
    errors: list[RecordError] = field(default_factory=list)
    #: refs submitted or already in the pool, in file order
    refs: list[str] = field(default_factory=list)

    @property
    def rejected_refs(self) -> list[str]:
        """Refs of rejected rows that had a readable ref."""
        return sorted({error.ref for error in self.errors if error.ref})


class IntakeKeywords:
    """Submit applications."""

    def __init__(self, ctx: LibraryContext) -> None:
        self.ctx = ctx

    @keyword
    def submit_applications(
        self,
        path: Path,
        images: Path | None = None,
        columns: dict[str, str] | None = None,
        defaults: dict[str, str] | None = None,
        report: Path | None = None,
        encoding: str | None = None,
    ) -> SubmitSummary:
        """Validate the applications in ``path`` and add every good one to the pool.

        ``path`` is a JSONL, CSV or Excel (.xlsx) file. CSV and Excel columns are found by
        their headers in any order (English or Chinese: 姓名, 身份证号码, 手机号码, 工号, …),
        below any title rows; ``columns`` maps other headers to fields
        (``员工姓名=applicant.name``) and ``defaults`` fills fields a row leaves blank
        (``branch=shenzhen``). ``images`` is the folder of the ID photos: document paths are
        relative to it, and without document columns the photos are found as
        ``<ref>-front.jpg`` / ``<ref>-back.jpg``.

        ``encoding`` names the text encoding of a CSV file that is not UTF-8 (``gb18030``,
        ``big5``); without it such a file is read only when recognised as GB18030.

        Document paths must lead to regular files inside the file's folder (or ``images``) or
        an ``[intake] roots`` folder, of at most ``[intake] max_document_mb`` each; a row
        naming any other file is refused whole. A bad row is reported with its row number,
        ref, field and column and does not stop the others; submitting a ref again with the
        same content is a no-op, with other content a conflict (refused). With ``report``,
        the problems are also written there (.xlsx or .csv), one row each. Returns a summary
        with ``submitted``, ``duplicates``, ``rejected``, ``conflicts``, ``errors`` and
        ``refs``.

        Example:
        | ${summary}=    Submit Applications    ${INBOX}/payroll.xlsx    images=${WORK}/photos
        | ...    columns=${{ {"员工姓名": "applicant.name"} }}    report=${OUT}/validation.xlsx
        | Should Be Equal As Integers    ${summary.rejected}    0
        """
        with self.ctx.errors():
            options = TableOptions(
                mapping=columns or {},
                defaults=defaults or {},
                images=images,
                encoding=encoding,
                limits=DocumentLimits.from_config(self.ctx.config),
            )
            intake = read_applications(path, options)
            self.ctx.guard.remember(r.application.applicant.name for r in intake.records)
            unserved = unserved_kinds(self.ctx.config)
            submitted, kind_errors = submit_records(
                self.ctx.pool, intake.records, get_bots(), unserved=unserved
            )
        errors = sorted([*intake.errors, *kind_errors], key=lambda error: error.line)
        for error in errors:
            logger.warn(f"{path.name}: {error}")
        if report is not None:
            write_validation_report(errors, report)
        summary = SubmitSummary(
            file=path.name,
            submitted=len(submitted.submitted),
            duplicates=len(submitted.duplicates),
            rejected=len({error.line for error in errors}),
            conflicts=len(submitted.conflicts),
            errors=errors,
            refs=[*submitted.submitted, *submitted.duplicates],
        )
        logger.info(
            f"{path.name}: submitted {summary.submitted}, duplicates {summary.duplicates}, "
            f"rejected rows {summary.rejected}"
        )
        return summary
