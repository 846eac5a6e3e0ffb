"""The batch inbox: files an employer drops for the overnight run, and their ID photos.

A batch is one CSV or Excel file; its photos are in a folder or a zip beside it, named
``<stem>-images`` / ``<stem>-images.zip`` (or ``images`` / ``images.zip`` shared by the
inbox). A zip is unpacked into a work folder with its own folders kept (two photos of the same
name in different folders stay two photos), refusing paths that leave it and archives that
unpack to more than ``MAX_UNPACKED_BYTES`` (counted while copying: a member's declared size can
lie). Processed files are moved aside so the next run does not take them again.
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from robotlib.errors import InputError
from robotlib.intake.photos import IMAGE_SUFFIXES

BATCH_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv")
#: a zip that unpacks to more than this is refused (zip bomb)
MAX_UNPACKED_BYTES = 4 * 1024**3


@dataclass(frozen=True)
class Batch:
    """One employer file in the inbox and where its photos are."""

    file: Path
    #: a folder or a zip of photos, or None when the inbox has none for this file
    images: Path | None

    @property
    def files(self) -> list[Path]:
        """The inbox entries that belong to this batch alone (shared ``images`` stay)."""
        own = self.images is not None and self.images.name.startswith(f"{self.file.stem}-")
        return [self.file] + ([self.images] if own and self.images is not None else [])


def find_batches(inbox: Path) -> list[Batch]:
    """The batch files in ``inbox``, oldest name first; spreadsheet lock files are skipped.

    :raises InputError: ``inbox`` is not a folder.
    """
    if not inbox.is_dir():
        raise InputError(f"inbox {inbox} is not a folder")
    files = sorted(
        p
        for p in inbox.iterdir()
        if p.is_file() and p.suffix.lower() in BATCH_SUFFIXES and not p.name.startswith("~$")
    )
    return [Batch(file, _images_of(file)) for file in files]


def _images_of(file: Path) -> Path | None:
    for stem in (f"{file.stem}-images", "images"):
        for candidate in (file.with_name(stem), file.with_name(f"{stem}.zip")):
            if candidate.exists():
                return candidate
    return None


def unpack_images(batch: Batch, work: Path) -> Path | None:
    """The folder holding the batch's photos: its folder, or its zip unpacked into ``work``.

    :raises InputError: the zip is corrupt, has a member that would leave the folder, or
        unpacks to more than ``MAX_UNPACKED_BYTES``.
    """
    if batch.images is None or batch.images.is_dir():
        return batch.images
    target = work / batch.images.stem
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    try:
        with zipfile.ZipFile(batch.images) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise InputError(f"{batch.images} unpacks to more than {MAX_UNPACKED_BYTES} bytes")
            budget = MAX_UNPACKED_BYTES
            for member in members:
                name = Path(member.filename.replace("\\", "/"))
                if name.is_absolute() or ".." in name.parts or name.drive:
                    raise InputError(
                        f"{batch.images}: member {member.filename!r} points outside the archive"
                    )
                if name.suffix.lower() in IMAGE_SUFFIXES:
                    budget -= _extract(archive, member, target / name, budget, batch.images)
    except zipfile.BadZipFile as exc:
        raise InputError(f"{batch.images} is not a readable zip archive: {exc}") from None
    return target


def _extract(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, dest: Path, budget: int, zip_path: Path
) -> int:
    """Copy one member to ``dest``; the bytes written, refusing to go past ``budget``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with archive.open(member) as src, dest.open("wb") as dst:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > budget:
                raise InputError(f"{zip_path} unpacks to more than {MAX_UNPACKED_BYTES} bytes")
            dst.write(chunk)
    return written


def move_aside(batch: Batch, processed: Path) -> list[Path]:
    """Move the batch's inbox entries into ``processed`` (created); returns the new paths.

    An entry whose name is already taken there gets a numbered name, never overwriting.
    """
    processed.mkdir(parents=True, exist_ok=True)
    moved = []
    for entry in batch.files:
        target = processed / entry.name
        number = 1
        while target.exists():
            target = processed / f"{entry.stem}.{number}{entry.suffix}"
            number += 1
        moved.append(Path(shutil.move(entry, target)))
    return moved
