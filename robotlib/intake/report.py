"""What reading one applications file found: the valid records and one error per problem.

Errors name the line (or spreadsheet row), the ref when it could be read, the field and, for
tables, the column as written in the file; never the field's value: it may be personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from robotlib.intake.confine import DocumentLimits, DocumentRefused
from robotlib.model import Application
from robotlib.model.application import KindRequirements
from robotlib.plugins.bot_declarations import kind_requirements
from robotlib.validation_errors import dotted


@dataclass(frozen=True)
class RecordError:
    """One problem with one input record."""

    #: 1-based line number in the file (for CSV and Excel: the spreadsheet row number)
    line: int
    #: the record's ref, when it could be read
    ref: str | None
    #: dotted field name (``applicant.name``), or None when the whole record is unreadable
    field: str | None
    message: str
    #: the column header as written in a CSV or Excel file, when the field came from one
    column: str | None = None
    #: what ``line`` counts: ``line`` in text files, ``row`` in spreadsheets
    unit: str = "line"

    def __str__(self) -> str:
        where = f"{self.unit} {self.line}" + (f" ({self.ref})" if self.ref else "")
        name = self.field
        if self.column is not None and self.column != self.field:
            name = f"{self.field} (column {self.column!r})" if self.field else self.column
        return f"{where}: {name}: {self.message}" if name else f"{where}: {self.message}"


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
    #: where documents may come from besides ``base``, and how big they may be
    limits: DocumentLimits = field(default_factory=DocumentLimits)
    #: what each kind's applications must carry, as the loaded bots declare it
    requirements: KindRequirements = field(default_factory=kind_requirements)

    @property
    def applications(self) -> list[Application]:
        """The applications that passed, in file order."""
        return [record.application for record in self.records]

    @property
    def bad_lines(self) -> int:
        """How many lines had at least one problem."""
        return len({error.line for error in self.errors})

    def add(
        self,
        line: int,
        data: dict[str, Any],
        base: Path,
        columns: dict[str, str] | None = None,
    ) -> IntakeRecord | None:
        """Validate ``data`` as an application; keep it, or record one error per problem.

        Document paths are confined to ``base`` and the ``limits``' roots
        (``confine.DocumentLimits``): a record naming any other file is rejected whole.

        :param base: the folder that relative document paths are relative to.
        :param columns: dotted field -> the column it was read from (tables only), so that
            errors name the column the user sees.
        """
        ref = data.get("ref") if isinstance(data.get("ref"), str) else None
        unit = "line" if columns is None else "row"
        try:
            application = Application.model_validate(data, context=self.requirements)
        except ValidationError as exc:
            for err in exc.errors(include_input=False, include_url=False):
                name = field_name(err["loc"])
                column = _column_of(name, columns) if columns is not None else None
                self.errors.append(RecordError(line, ref, name, _message(err), column, unit))
            return None
        documents: dict[str, Path] = {}
        refused = False
        for slot, path in application.documents:
            if path is None:
                continue
            name = f"documents.{slot}"
            try:
                documents[slot] = self.limits.confine(path, base)
            except DocumentRefused as exc:
                column = _column_of(name, columns) if columns is not None else None
                self.errors.append(RecordError(line, ref, name, str(exc), column, unit))
                refused = True
        if refused:
            return None
        resolved = application.model_copy(
            update={"documents": application.documents.model_copy(update=documents)}
        )
        record = IntakeRecord(line, resolved)
        self.records.append(record)
        return record


def field_name(loc: tuple[int | str, ...]) -> str | None:
    """The dotted name of a pydantic error location (``applicant.phone``)."""
    return dotted(loc) or None


def _column_of(name: str | None, columns: dict[str, str]) -> str | None:
    # a list field's error points inside it (products.0): name the list's column
    while name:
        if name in columns:
            return columns[name]
        name = name.rpartition(".")[0]
    return None


_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field",
}


def _message(error: ErrorDetails) -> str:
    return _MESSAGES.get(error["type"], error["msg"])
