"""The folder ``veribot demo`` works in: replaced on every run, but only when demo made it."""

from __future__ import annotations

import shutil
from pathlib import Path

from robotlib.errors import VeribotError

#: written into every folder demo makes; demo replaces only folders that hold it
MARKER = ".veribot-demo"


class DemoFolderError(VeribotError):
    """The demo folder cannot be used."""


def fresh_demo_folder(out: Path) -> None:
    """Make ``out`` an empty folder marked as demo's: a folder of an earlier demo run is
    deleted first, an empty one is used, anything else is refused.

    :raises DemoFolderError: ``out`` is a file, or a non-empty folder without the marker
        (demo did not make it, so its files may be someone's work).
    """
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise DemoFolderError(f"--out {out} is not a folder: choose another --out")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise DemoFolderError(
                f"--out {out} is a folder demo did not create (it has no {MARKER} file) and "
                "is not empty: demo replaces its folder, so choose a new or empty one"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by veribot demo; the next run deletes this folder\n")
