"""The sealed documents of a task, opened for its bot in a private folder for the task only.

The task's folder is inside the worker's own 0700 folder (``scheduler.document_folders``),
so a worker killed mid-task leaves them where the next worker to start finds and removes them.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from robotlib.model import Application, Task
from scheduler.document_folders import worker_folder
from scheduler.pool.base import TaskPool
from scheduler.pool.vault import document_paths


@contextmanager
def opened_documents(pool: TaskPool, task: Task) -> Iterator[Application]:
    """``task``'s application with its sealed documents opened into a folder that only this
    user can read (in memory where possible), inside this worker's own folder; the folder
    is deleted afterwards, whatever happens. Documents the pool holds no copy of keep their
    original paths."""
    application = task.application
    # the claim said whether the pool holds any: a task without documents costs no query
    opened = pool.documents(task.ref) if task.has_documents else {}
    if not opened:
        yield application
        return
    folder = Path(tempfile.mkdtemp(prefix="task-", dir=worker_folder()))  # mode 0700
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
