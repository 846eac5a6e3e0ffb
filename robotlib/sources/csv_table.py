"""A registry CSV file loaded into memory, validated row by row, reloaded when it changes."""

from __future__ import annotations

import csv
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TextIO, TypeVar

from loguru import logger
from pydantic import BaseModel, ValidationError

from robotlib.errors import SourceUnavailable
from robotlib.validation_errors import dotted

RowT = TypeVar("RowT", bound=BaseModel)
IndexT = TypeVar("IndexT")


@dataclass(frozen=True)
class RowError:
    """A row that was skipped, with the line and field that made it unusable."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path.name} line {self.line}, field {self.field!r}: {self.message}"


def read_rows(path: Path, model: type[RowT]) -> tuple[list[RowT], list[RowError]]:
    """Parse every row of ``path`` into ``model``; bad rows are reported, the rest kept."""
    errors: list[RowError] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(iter_rows(handle, path, model, errors))
    return rows, errors


def iter_rows(
    handle: TextIO, path: Path, model: type[RowT], errors: list[RowError]
) -> Iterator[RowT]:
    """The rows of an open CSV file as ``model``, one at a time (a million-row list is never
    held twice); bad rows are appended to ``errors`` and skipped."""
    required = [name for name, f in model.model_fields.items() if f.is_required()]
    known = set(model.model_fields)
    reader = csv.DictReader(handle)
    # exports differ in header case and padding: " ID_Number" is id_number
    header = [name.strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [name for name in required if name not in header]
    if missing:
        raise SourceUnavailable(f"{path} lacks the column(s) {', '.join(missing)}")
    for row in reader:
        line = reader.line_num
        if None in row:
            errors.append(RowError(path, line, "(row)", "more values than header columns"))
            continue
        values = {key: value for key, value in row.items() if key in known}
        try:
            yield model.model_validate(values)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = dotted(first["loc"]) or "(row)"
            errors.append(RowError(path, line, field, first["msg"]))


class CsvTable(Generic[RowT, IndexT]):
    """Rows of one file and an index built from them, refreshed when the file changes.

    The file is read on first use, so a missing file makes queries fail with
    ``SourceUnavailable`` (retried later) rather than stopping the worker at start-up.
    """

    def __init__(
        self, path: Path, model: type[RowT], build_index: Callable[[Iterable[RowT]], IndexT]
    ) -> None:
        self.path = path
        self._model = model
        self._build_index = build_index
        self._stamp: tuple[int, int] | None = None
        self._index: IndexT | None = None
        self._lock = threading.Lock()
        self.errors: list[RowError] = []

    def index(self) -> IndexT:
        """The index of the file's rows, rebuilt when the file changed since the last call."""
        try:
            stat = os.stat(self.path)
        except OSError as exc:
            raise SourceUnavailable(f"registry file {self.path} cannot be read: {exc}") from None
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._index is None or stamp != self._stamp:
                self._load(stamp)
            assert self._index is not None
            return self._index

    def _load(self, stamp: tuple[int, int]) -> None:
        errors: list[RowError] = []
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as handle:
                index = self._build_index(iter_rows(handle, self.path, self._model, errors))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise SourceUnavailable(f"registry file {self.path} cannot be read: {exc}") from None
        for error in errors:
            logger.warning("skipped registry row: {error}", error=str(error))
        self._index = index
        self._stamp = stamp
        self.errors = errors
