"""An employer's bulk payroll-account file made from a synthetic world, as it lands in an inbox.

The world's applications become rows of an Excel workbook or a CSV file with the headers an
employer would type (Chinese, in an order of the employer's own, with a title row and a
department column veribot does not use), and the card photos go beside it in a folder or a
zip, named ``<ref>-front.jpg`` / ``<ref>-back.jpg``. ``malformed`` rows lose their ID number,
as when a clerk leaves a cell blank, so a run can show that bad rows are reported and the
others still go through.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from robotlib.errors import VeribotError
from robotlib.sandbox.photos.render import IMAGES

#: header -> how to read it from an application record, in the employer's column order
COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("工号", ("ref",)),
    ("部门", ()),
    ("姓名", ("applicant", "name")),
    ("身份证号码", ("applicant", "id_number")),
    ("手机号码", ("applicant", "phone")),
    ("开户网点", ("branch",)),
    ("产品", ("products",)),
)
_DEPARTMENTS = ("财务部", "人事部", "研发部", "销售部", "行政部", "生产部")
ID_COLUMN = "身份证号码"


class InboxFormat(StrEnum):
    """The employer file's format."""

    XLSX = "xlsx"
    CSV = "csv"


class ImagesAs(StrEnum):
    """Where the employer file's photos are put."""

    #: a folder ``<stem>-images/`` beside the file
    FOLDER = "folder"
    #: a zip ``<stem>-images.zip`` beside the file
    ZIP = "zip"


@dataclass(frozen=True)
class InboxSummary:
    """What ``write_inbox`` wrote."""

    file: Path
    images: Path
    rows: int
    #: refs of the rows written malformed (blank ID number)
    malformed: list[str] = field(default_factory=list)


def write_inbox(
    world: Path,
    inbox: Path,
    *,
    name: str = "payroll",
    file_format: InboxFormat = InboxFormat.XLSX,
    images_as: ImagesAs = ImagesAs.ZIP,
    malformed: int = 0,
    seed: int = 7,
) -> InboxSummary:
    """Write the applications of the world in ``world`` as an employer's file into ``inbox``.

    Nothing that exists is overwritten or deleted.

    :raises VeribotError: ``world`` holds no generated world, or the file or its photos
        already exist in ``inbox``.
    """
    source = world / "applications.jsonl"
    if not source.is_file():
        raise VeribotError(f"{world} holds no world (no applications.jsonl); run sandbox world")
    # a payroll file opens personal accounts: a mixed world's merchants are left out
    applications = [
        app
        for app in (
            json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line
        )
        if app.get("kind", "personal_account") == "personal_account"
    ]
    rng = random.Random(seed)
    bad = {app["ref"] for app in rng.sample(applications, min(malformed, len(applications)))}
    rows = [_row(app, rng, app["ref"] in bad) for app in applications]
    file = inbox / f"{name}.{file_format.value}"
    images = inbox / f"{name}-images"
    for target in (file, inbox / f"{name}-images.zip" if images_as is ImagesAs.ZIP else images):
        if target.exists() or target.is_symlink():
            raise VeribotError(f"{target} already exists; write the inbox into another folder")
    inbox.mkdir(parents=True, exist_ok=True)
    if file_format is InboxFormat.XLSX:
        _write_xlsx(file, rows)
    else:
        _write_csv(file, rows)
    written = _copy_images(world / IMAGES, images, images_as, applications)
    return InboxSummary(file, written, len(rows), sorted(bad))


def _row(application: dict[str, Any], rng: random.Random, malformed: bool) -> list[str]:
    row = []
    for header, path in COLUMNS:
        if not path:
            row.append(rng.choice(_DEPARTMENTS))
            continue
        value: Any = application
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, list):
            value = "、".join(value)
        row.append("" if value is None or (malformed and header == ID_COLUMN) else str(value))
    return row


def _write_xlsx(file: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("开户名单")
    sheet.append(["代发工资开户名单"])
    sheet.append([header for header, _ in COLUMNS])
    for row in rows:
        sheet.append(row)
    workbook.save(file)


def _write_csv(file: Path, rows: list[list[str]]) -> None:
    with file.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([header for header, _ in COLUMNS])
        writer.writerows(rows)


def _copy_images(
    source: Path, target: Path, images_as: ImagesAs, applications: Iterable[dict[str, Any]]
) -> Path:
    files = [
        source / Path(path).name
        for app in applications
        for path in app.get("documents", {}).values()
        if (source / Path(path).name).is_file()
    ]
    if images_as is ImagesAs.ZIP:
        archive = target.with_suffix(".zip")
        with zipfile.ZipFile(archive, "x", zipfile.ZIP_STORED) as handle:
            for file in files:
                handle.write(file, file.name)
        return archive
    target.mkdir()
    for file in files:
        shutil.copy2(file, target / file.name)
    return target
