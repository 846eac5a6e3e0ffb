"""The sealed documents of a task, opened for its bot in a private folder for the task only."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from robotlib.model import Application, Task
from scheduler.pool.sql import SqlPool
from scheduler.pool.vault import document_paths

#: memory-backed when the host has it: opened images never reach a disk
_RAM_FOLDER = Path("/dev/shm")


@contextmanager
def opened_documents(pool: SqlPool, task: Task) -> Iterator[Application]:
    """``task``'s application with its sealed documents opened into a folder that only this
    user can read (in memory where possible); the folder is deleted afterwards, whatever
    happens. Documents the pool holds no copy of keep their original paths."""
    application = task.application
    opened = pool.documents(task.ref)
    if not opened:
        yield application
        return
    parent = _RAM_FOLDER if _RAM_FOLDER.is_dir() else None
    folder = Path(tempfile.mkdtemp(prefix="veribot-", dir=parent))  # mode 0700
    try:
        originals = document_paths(application)
        paths = {}
        for slot, data in opened.items():
            path = folder / f"{slot}{originals[slot].suffix if slot in originals else ''}"
            path.write_bytes(data)
            paths[slot] = path
        yield application.model_copy(
            update={"documents": application.documents.model_copy(update=paths)}
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
