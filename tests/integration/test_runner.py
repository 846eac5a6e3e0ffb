"""run_workers with real spawned worker processes over a real SQLite pool.

The processes load the ``echo`` test bot through ``VERIBOT_LOAD_PLUGINS`` (``echo_plugin``).
"""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

from robotlib.config import Config, DatabaseConfig, SourceConfig
from robotlib.model import Application, TaskStatus
from scheduler.errors import WorkerStartupFailed
from scheduler.pool import SqlitePool, TaskPool
from scheduler.runner import RunProgress, run_workers
from scheduler.settings import WorkerSettings
from tests.helpers.keys import session_keyring

# a one-second lease: a killed worker's task is back in the pool within about a second
FAST = WorkerSettings(lease_seconds=1.0, poll_seconds=0.05, retry_base_seconds=0.05)


def application(ref: str, segment: str | None = None, priority: str = "normal") -> Application:
    return Application.model_validate(
        {
            "ref": ref,
            "kind": "echo",
            "priority": priority,
            "segment": segment,
            "applicant": {"name": "张伟", "id_number": "440305199003071236"},
        }
    )


@pytest.fixture
def config(tmp_path: Path, echo_plugin: ModuleType) -> Config:
    return Config(base_dir=tmp_path, database=DatabaseConfig(url="sqlite:///pool.db"))


def open_test_pool(config: Config) -> TaskPool:
    return SqlitePool(config.database_url.removeprefix("sqlite:///"), keyring=session_keyring())


def worker_pid_running(config: Config, ref: str) -> int | None:
    """The pid of the worker process holding ``ref``, read from the lease (``host:pid``)."""
    with sqlite3.connect(config.database_url.removeprefix("sqlite:///")) as db:
        row = db.execute(
            "SELECT leased_by FROM tasks WHERE ref = ? AND status = 'running'", (ref,)
        ).fetchone()
    return None if row is None else int(row[0].rsplit(":", 1)[1])


def test_workers_drain_the_pool_and_report_progress(config: Config) -> None:
    with open_test_pool(config) as pool:
        pool.submit([application(f"A-{i}") for i in range(6)] + [application("R-1", "review")])
    snapshots: list[RunProgress] = []

    report = run_workers(config, 2, until_empty=True, on_progress=snapshots.append, settings=FAST)

    assert (report.done, report.dead, report.remaining, report.restarts) == (7, 0, 0, 0)
    with open_test_pool(config) as pool:
        results = list(pool.results())
    assert [r.status for r in results] == [TaskStatus.DONE] * 7
    assert {r.ref: r.decision for r in results}["R-1"] == "review"
    assert all(r.attempts == 1 for r in results)
    done = [s.done for s in snapshots]
    assert done == sorted(done)
    # the last snapshot, taken after the workers stopped, still says how many ran
    last = snapshots[-1]
    assert (last.done, last.total, last.workers, last.running) == (7, 7, 2, False)
    assert snapshots[0].workers == 2
    assert all(s.running for s in snapshots[:-1])


def test_a_killed_worker_loses_no_task(config: Config) -> None:
    with open_test_pool(config) as pool:
        pool.submit(
            [application("SLOW", "sleep:1.5", priority="high")]
            + [application(f"A-{i}") for i in range(4)]
        )
    killed: list[int] = []

    def kill_the_slow_one(progress: RunProgress) -> None:
        pid = worker_pid_running(config, "SLOW")
        if pid is not None and not killed:
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    report = run_workers(config, 2, until_empty=True, on_progress=kill_the_slow_one, settings=FAST)

    assert len(killed) == 1
    assert (report.done, report.remaining, report.restarts) == (5, 0, 1)
    with open_test_pool(config) as pool:
        results = {r.ref: r for r in pool.results()}
        timings = {t.ref: t for t in pool.timings()}
    assert (results["SLOW"].status, results["SLOW"].attempts) == (TaskStatus.DONE, 2)
    assert all(results[f"A-{i}"].attempts == 1 for i in range(4))
    slow = timings["SLOW"]
    assert slow.service_time is not None
    assert slow.service_time >= 1.5


def test_sigterm_lets_the_worker_finish_its_task_first(config: Config) -> None:
    with open_test_pool(config) as pool:
        pool.submit(
            [
                application("SLOW", "sleep:1.0", priority="high"),
                application("A-1"),
                application("A-2"),
            ]
        )
    signalled: list[int] = []

    def terminate_the_worker(progress: RunProgress) -> None:
        pid = worker_pid_running(config, "SLOW")
        if pid is not None and not signalled:
            os.kill(pid, signal.SIGTERM)
            signalled.append(pid)

    report = run_workers(
        config, 1, until_empty=True, on_progress=terminate_the_worker, settings=FAST
    )

    assert signalled
    # the task in hand was finished on its first attempt; the worker then stopped for good
    assert (report.done, report.remaining, report.restarts) == (1, 2, 0)
    with open_test_pool(config) as pool:
        [slow] = pool.results(TaskStatus.DONE)
    assert (slow.ref, slow.attempts) == ("SLOW", 1)


def test_a_worker_that_cannot_start_fails_the_run(config: Config) -> None:
    config.sources["gov_identity"] = SourceConfig(type="no-such-type")
    with open_test_pool(config) as pool:
        pool.submit([application("A-1")])

    with pytest.raises(WorkerStartupFailed):
        run_workers(config, 1, until_empty=True, settings=FAST)

    with open_test_pool(config) as pool:
        assert pool.counts()[TaskStatus.PENDING] == 1
