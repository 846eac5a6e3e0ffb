"""The batch inbox: files an employer drops for the overnight run, and their ID photos.

A batch is one CSV or Excel file; its photos are in a folder or a zip beside it, named
``<stem>-images`` / ``<stem>-images.zip`` (or ``images`` / ``images.zip`` shared by the
inbox). A zip is unpacked into a new private folder under the pool's work folder with its own
folders kept (two photos of the same name in different folders stay two photos), refusing
members that leave it, links, and archives over ``IMAGES_ZIP_CAPS`` (``robotlib.unzip``).
Processed files are moved aside so the next run does not take them again.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from robotlib.errors import InputError
from robotlib.inflation import MIB, ZipCaps
from robotlib.intake.photos import IMAGE_SUFFIXES
from robotlib.unzip import unpack_zip

BATCH_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv")
#: what a zip of photos may hold: 10,000 applicants' two sides, 4 GiB, and photos (which
#: hardly compress) inflating at most 100 times (zip bomb)
IMAGES_ZIP_CAPS = ZipCaps(max_members=20_000, max_bytes=4096 * MIB, max_ratio=100)


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
    """The folder holding the batch's photos: its folder, or its zip unpacked under ``work``
    (``unpack_photo_zip``)."""
    if batch.images is None or batch.images.is_dir():
        return batch.images
    return unpack_photo_zip(batch.images, work)


def unpack_photo_zip(archive: Path, work: Path) -> Path:
    """A new folder under ``work`` holding the photos of the zip ``archive``, its own
    folders kept.

    The folder is readable by its owner only (0700): nothing that already exists, beside the
    zip or in ``work``, is written to or deleted. Remove it with ``remove_unpacked`` once the
    photos are sealed into the pool.

    :raises InputError: the zip is corrupt, has a member that would leave the folder or is a
        link, or holds more than ``IMAGES_ZIP_CAPS`` allows.
    """
    work.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix=f"{archive.stem}-", dir=work))
    try:
        unpack_zip(archive, target, IMAGES_ZIP_CAPS, _is_image)
    except BaseException:
        remove_unpacked(target)
        raise
    return target


def remove_unpacked(folder: Path) -> None:
    """Delete a folder ``unpack_images`` made from a zip (never a batch's own folder)."""
    shutil.rmtree(folder, ignore_errors=True)


def _is_image(name: PurePosixPath) -> bool:
    return name.suffix.lower() in IMAGE_SUFFIXES


def move_aside(batch: Batch, processed: Path) -> list[Path]:
    """Move the batch's inbox entries into ``processed`` (created); returns the new paths.

    An entry whose name is already taken there gets a numbered name, never overwriting.
    """
    return _move_entries(batch.files, processed)


def move_all_aside(batches: Sequence[Batch], processed: Path, *, shared: bool = True) -> list[Path]:
    """Move every batch's entries into ``processed`` and, with ``shared``, then the shared
    ``images`` folder or zip they used, which ``move_aside`` leaves for the other files;
    returns the new paths.
    """
    moved = [path for batch in batches for path in move_aside(batch, processed)]
    if not shared:
        return moved
    own = {entry for batch in batches for entry in batch.files}
    common = {batch.images for batch in batches if batch.images is not None} - own
    return moved + _move_entries(sorted(p for p in common if p.exists()), processed)


def _move_entries(entries: Sequence[Path], processed: Path) -> list[Path]:
    processed.mkdir(parents=True, exist_ok=True)
    moved = []
    for entry in entries:
        target = processed / entry.name
        number = 1
        while target.exists():
            target = processed / f"{entry.stem}.{number}{entry.suffix}"
            number += 1
        moved.append(Path(shutil.move(entry, target)))
    return moved
