"""Each worker's private folder for opened (decrypted) documents, and clearing what a killed
worker left behind.

A worker opens a task's documents in a folder of its own,
``/dev/shm/veribot-worker-<pid>-<start>/`` (memory-backed; the system's temporary folder
where there is no ``/dev/shm``), mode 0700. ``<start>`` is the process's start time, so a
folder is told from one of an unrelated process that later got the same pid. A worker killed
with SIGKILL cannot clean up: the next worker to start removes the folders of workers that
are gone — only folders named so, owned by this user, and never one whose process still runs.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from functools import cache
from multiprocessing import util
from pathlib import Path

from loguru import logger

#: memory-backed when the host has it: opened images never reach a disk
RAM_FOLDER = Path("/dev/shm")
_NAME = re.compile(r"^veribot-worker-(?P<pid>[0-9]+)-(?P<start>[0-9]+)$")


def documents_root() -> Path:
    """Where the workers' folders are: ``/dev/shm``, else the system's temporary folder."""
    return RAM_FOLDER if RAM_FOLDER.is_dir() else Path(tempfile.gettempdir())


def _start_time(pid: int) -> str | None:
    """The start time of process ``pid`` in clock ticks since boot (Linux), "0" where
    ``/proc`` is absent but the process exists; None when there is no such process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text("ascii")
    except FileNotFoundError:
        if Path("/proc/self/stat").exists():
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return "0"
    # the command name (field 2) may hold spaces and parentheses: count from its end
    return text[text.rindex(")") + 2 :].split()[19]


@cache
def worker_folder() -> Path:
    """This process's private folder (created 0700 on first use, removed at exit)."""
    pid = os.getpid()
    folder = documents_root() / f"veribot-worker-{pid}-{_start_time(pid) or '0'}"
    folder.mkdir(mode=0o700)
    # a Finalize runs at the exit of worker processes too, where atexit handlers do not
    util.Finalize(None, shutil.rmtree, (folder,), {"ignore_errors": True}, exitpriority=0)
    return folder


def _abandoned(entry: Path) -> bool:
    """``entry`` is a worker's folder, this user's, and its worker is gone."""
    match = _NAME.match(entry.name)
    if match is None:
        return False
    try:
        info = entry.lstat()
    except FileNotFoundError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    return _start_time(int(match["pid"])) not in (match["start"], "0")


def remove_abandoned_folders(root: Path | None = None) -> int:
    """Remove the document folders of workers that were killed; returns how many.

    Called once when a worker starts; a live worker's folder is never touched.
    """
    removed = 0
    base = root or documents_root()
    for entry in base.glob("veribot-worker-*"):
        if _abandoned(entry):
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    if removed:
        logger.warning(
            "removed {count} document folder(s) left in {root} by killed workers",
            count=removed,
            root=base,
        )
    return removed
