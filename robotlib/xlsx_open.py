"""Opening an .xlsx for reading without letting it inflate: an .xlsx is a zip archive, so its
members are held to ``XLSX_CAPS`` before openpyxl reads a byte, and its rows and cells are
counted while they are read (a sheet can claim a huge range and make openpyxl pad every row).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from robotlib.errors import InputError
from robotlib.inflation import MIB, ZipCaps, check_inflation

if TYPE_CHECKING:
    from openpyxl import Workbook

#: a workbook of some hundred thousand rows stays well below these; a zip bomb does not
XLSX_CAPS = ZipCaps(max_members=1000, max_bytes=128 * MIB, max_ratio=100)
#: rows read from one sheet at most
MAX_ROWS = 200_000
#: cells read from one sheet at most (rows padded to a claimed width count in full)
MAX_CELLS = 4_000_000


def open_workbook(path: Path, kind: str) -> Workbook:
    """The .xlsx at ``path``, opened read-only with cached values, once it is within caps.

    :param kind: what the file should be, for the error, e.g. ``"Excel workbook (.xlsx)"``.
    :raises InputError: naming ``path``: it does not exist, is no readable ``kind``, or
        inflates past ``XLSX_CAPS``.
    """
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            check_inflation(archive, path, XLSX_CAPS)
        return load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{path} is not a readable {kind}: {exc}") from None


def capped_rows(path: Path, rows: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
    """``rows`` of a sheet of ``path``, refusing the sheet past ``MAX_ROWS`` or ``MAX_CELLS``.

    :raises InputError: naming ``path``, the row and the cap, while iterating.
    """
    cells = 0
    for number, row in enumerate(rows, start=1):
        cells += len(row)
        if number > MAX_ROWS:
            raise InputError(f"{path}: row {number}: over the cap of {MAX_ROWS} rows a sheet")
        if cells > MAX_CELLS:
            raise InputError(f"{path}: row {number}: over the cap of {MAX_CELLS} cells a sheet")
        yield row
