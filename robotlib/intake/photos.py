"""Finding a batch row's ID photos by its ref when the file has no document columns.

Employers name photos ``<ref>-front.jpg`` / ``<ref>_back.png`` (a merchant's business licence
``<ref>-licence.jpg``) and often sort them into
folders (by department, by day). The images folder is walked once per file, not once per row:
a 5,000-row payroll file comes with 10,000 photos.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cached_property
from pathlib import Path

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff")
#: file name part -> document slot: ``<ref>-front.jpg`` is ``id_front``
_SLOTS = {"front": "id_front", "back": "id_back", "licence": "licence"}
_SIDE = re.compile(rf"^(?P<ref>.+)[-_](?P<side>{'|'.join(_SLOTS)})$", re.IGNORECASE)


class PhotoIndex:
    """The ID photos under one folder (and its subfolders), by ref and side."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @cached_property
    def _found(self) -> dict[tuple[str, str], list[Path]]:
        """Walked on first use: a file whose rows name their documents never needs it."""
        found: dict[tuple[str, str], list[Path]] = defaultdict(list)
        for path in sorted(self.folder.rglob("*")):
            match = _SIDE.match(path.stem)
            if match and path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
                found[match["ref"], match["side"].lower()].append(path)
        return found

    def documents(self, ref: str) -> dict[str, str]:
        """``id_front`` / ``id_back`` / ``licence`` paths for ``ref``.

        A side found in two places is left out, so the application goes to review as
        DOC_MISSING rather than carrying a photo that may be someone else's.
        """
        documents = {}
        for side, slot in _SLOTS.items():
            found = self._found.get((ref, side), [])
            if len(found) == 1:
                documents[slot] = str(found[0])
        return documents
