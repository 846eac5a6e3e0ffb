"""The host's dispatcher (``scheduler.dispatcher``) under ``run_workers``, on real SQLite with
real worker processes: batched claims in the workers' names, batched settlements with their
audit trail, unbegun tasks given back with their attempt."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path
from types import ModuleType

import pytest

from robotlib.config import Config, DatabaseConfig
from robotlib.model import Application, TaskStatus
from scheduler.audit_log import AuditLog
from scheduler.pool import SqlitePool
from scheduler.settings import WorkerSettings
from scheduler.supervisor import RunProgress, run_workers
from tests.helpers.keys import session_keyring

SETTINGS = WorkerSettings(lease_seconds=5.0, poll_seconds=0.05, retry_base_seconds=0.05)


def application(ref: str, segment: str | None = None) -> Application:
    return Application.model_validate(
        {
            "ref": ref,
            "kind": "echo",
            "segment": segment,
            "applicant": {"name": "张伟", "id_number": "440305199003071236"},
        }
    )


@pytest.fixture
def config(tmp_path: Path, echo_plugin: ModuleType) -> Config:
    return Config(base_dir=tmp_path, database=DatabaseConfig(url="sqlite:///pool.db"))


def open_test_pool(config: Config) -> SqlitePool:
    return SqlitePool(config.database_url.removeprefix("sqlite:///"), keyring=session_keyring())


def test_the_dispatcher_claims_for_its_workers_and_stores_decisions_with_their_trail(
    config: Config,
) -> None:
    refs = [f"D-{i:03d}" for i in range(60)]
    with open_test_pool(config) as pool:
        pool.submit([application(ref, "review" if ref.endswith("7") else None) for ref in refs])

    report = run_workers(config, 2, until_empty=True, settings=SETTINGS)

    assert (report.done, report.dead, report.remaining) == (60, 0, 0)
    with open_test_pool(config) as pool:
        results = {result.ref: result for result in pool.results()}
        audit = AuditLog(pool)
        decisions = {
            ref: [json.loads(e.detail) for e in audit.of_ref(ref) if e.action == "decision"]
            for ref in refs
        }
        checked, problem = audit.verify()
    assert all(results[ref].status is TaskStatus.DONE for ref in refs)
    assert all(results[ref].attempts == 1 for ref in refs)
    # one decision record per task, saying what the stored result says
    for ref in refs:
        [detail] = decisions[ref]
        assert detail["decision"] == results[ref].decision, ref
    assert problem is None
    assert checked >= 60
    # the leases named the worker processes that ran the tasks, never the supervisor
    with sqlite3.connect(config.database_url.removeprefix("sqlite:///")) as db:
        holders = {row[0] for row in db.execute("SELECT leased_by FROM tasks")}
    pids = {int(holder.rsplit(":", 1)[1]) for holder in holders}
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2


def test_tasks_handed_to_a_worker_that_stops_go_back_with_their_attempt(config: Config) -> None:
    # fast tasks: the dispatcher queues several for the worker at once
    with open_test_pool(config) as pool:
        pool.submit([application(f"S-{i:02d}", "sleep:0.02") for i in range(40)])
    stop = threading.Event()

    def stop_once_some_are_done(snapshot: RunProgress) -> None:
        if snapshot.done >= 5:
            stop.set()

    report = run_workers(
        config, 1, settings=SETTINGS, stop=stop, on_progress=stop_once_some_are_done
    )

    with open_test_pool(config) as pool:
        counts = pool.counts()
        waiting = [r for r in pool.results() if r.status is not TaskStatus.DONE]
    assert 5 <= report.done < 40
    # nothing is left leased to a worker that is gone, and no waiting task lost an attempt
    assert counts[TaskStatus.RUNNING] == 0
    assert counts[TaskStatus.DONE] + counts[TaskStatus.PENDING] == 40
    assert waiting, counts
    assert all(r.attempts == 0 for r in waiting), [(r.ref, r.attempts) for r in waiting]
