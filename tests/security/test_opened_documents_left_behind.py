"""Decrypted ID photos do not outlive a worker killed mid-task: the next worker removes them,
and never touches the folder of a worker that still runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.helpers.cli_run import veribot

#: where workers open documents on this (Linux) host; the test's own worker's files only
#: are looked for, by their contents
ROOT = Path("/dev/shm")
#: what the pool holds sealed and the worker opens: a stand-in for an ID card photo
PHOTO = b"\x89PNG\r\n\x1a\n" + b"front of an identity card " * 40


def wait_for(condition: Callable[[], object], what: str, seconds: float = 60.0) -> object:
    """Poll ``condition`` until it is true; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting: {what}")


def opened_copies() -> list[Path]:
    """Every file under the documents root that holds the decrypted photo."""
    found = []
    for folder in ROOT.glob("veribot-*"):
        try:
            files = [p for p in folder.rglob("*") if p.is_file()]
            found += [p for p in files if p.read_bytes() == PHOTO]
        except OSError:  # another process's folder, or one removed meanwhile
            continue
    return found


def worker_pid(supervisor: int) -> int | None:
    """The worker process the supervisor spawned (not multiprocessing's helpers)."""
    children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
    for child in children:
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"spawn_main" in command and b"resource_tracker" not in command:
            return int(child)
    return None


def test_a_worker_killed_mid_task_leaves_no_decrypted_photo(config_file: Path) -> None:
    folder = config_file.parent
    (folder / "front.png").write_bytes(PHOTO)
    record = {
        "ref": "A-1",
        "kind": "echo",
        "segment": "sleep:6",
        "applicant": {"name": "张伟", "id_number": "440305199003071236"},
        "documents": {"id_front": "front.png"},
    }
    (folder / "applications.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    submitted = veribot("--config", str(config_file), "submit", str(folder / "applications.jsonl"))
    assert submitted.exit_code == 0, submitted.output
    (folder / "front.png").unlink()  # from now on, only the pool's sealed copy exists
    command = [str(Path(sys.executable).with_name("veribot")), "--config", str(config_file)]
    supervisor = subprocess.Popen(
        [*command, "worker", "--workers", "1", "--lease-seconds", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        opened = wait_for(opened_copies, "the worker opening the photo")
        killed = wait_for(lambda: worker_pid(supervisor.pid), "the worker process")
        assert isinstance(killed, int)
        assert isinstance(opened, list)
        os.kill(killed, signal.SIGKILL)
        wait_for(lambda: not Path(f"/proc/{killed}").exists(), f"worker {killed} to die")
        assert all(path.exists() for path in opened)  # SIGKILL: nothing cleaned up

        wait_for(
            lambda: not any(path.exists() for path in opened),
            f"the next worker to remove what worker {killed} left: {opened}",
        )
    finally:
        supervisor.send_signal(signal.SIGTERM)
        _, err = supervisor.communicate(timeout=60)
    assert supervisor.returncode == 0, err
    assert opened_copies() == [], "a decrypted photo outlived the run"
    assert not list(ROOT.glob(f"veribot-worker-{killed}-*"))


def test_the_folder_of_a_live_worker_is_never_removed(tmp_path: Path) -> None:
    from scheduler.document_folders import remove_abandoned_folders

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stat = Path(f"/proc/{sleeper.pid}/stat").read_text()
        start = stat[stat.rindex(")") + 2 :].split()[19]
        live = tmp_path / f"veribot-worker-{sleeper.pid}-{start}"
        reused = tmp_path / f"veribot-worker-{sleeper.pid}-{int(start) - 1}"  # pid reused
        foreign = tmp_path / "veribot-worker-notapid"
        for made in (live, reused, foreign):
            made.mkdir(mode=0o700)
            (made / "photo.png").write_bytes(PHOTO)

        assert remove_abandoned_folders(tmp_path) == 1

        assert live.exists()
        assert foreign.exists()
        assert not reused.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
