"""Reliability of the PostgreSQL pool with real processes and a real server.

A worker killed mid-task, the server restarted mid-drain, two ``veribot run`` processes
sharing one database as two hosts would: no task is lost and none is decided twice. (The
same kill test for SQLite is in test_runner.py.) The processes load the ``echo`` test bot.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import psycopg
import pytest
from conftest import ECHO_PLUGIN, REPO
from pool_contract import application

from robotlib.config import Config, DatabaseConfig
from robotlib.model import TaskStatus
from robotlib.plugins.host import LOAD_ENV
from scheduler.pool import open_pool
from scheduler.runner import RunProgress, run_workers
from scheduler.settings import WorkerSettings


def settings(lease_seconds: float) -> WorkerSettings:
    """Workers that poll and retry quickly; a killed worker's task returns after the lease."""
    return WorkerSettings(lease_seconds=lease_seconds, poll_seconds=0.05, retry_base_seconds=0.05)


@pytest.fixture
def config(tmp_path: Path, echo_plugin: ModuleType, postgres_url: str) -> Config:
    return Config(base_dir=tmp_path, database=DatabaseConfig(url=postgres_url))


def query(url: str, sql: str, *params: object) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]


def decided_once(url: str) -> dict[str, int]:
    """Results stored per ref: the unique index allows one, so any miss shows as 0."""
    rows = query(
        url,
        "SELECT tasks.ref, count(results.ref) FROM tasks "
        "LEFT JOIN results ON results.ref = tasks.ref GROUP BY tasks.ref",
    )
    return {str(ref): int(count) for ref, count in rows}  # type: ignore[call-overload]


def test_a_worker_killed_mid_task_loses_no_task(config: Config) -> None:
    url = config.database_url
    with open_pool(url) as pool:
        pool.submit(
            [application("SLOW", priority="high", segment="sleep:1.5")]
            + [application(f"A-{i}") for i in range(4)]
        )
    killed: list[str] = []

    def kill_9(progress: RunProgress) -> None:
        """SIGKILL the worker process that holds SLOW (its lease names it ``host:pid``)."""
        holders = query(url, "SELECT leased_by FROM tasks WHERE ref = 'SLOW' AND attempts = 1")
        if not killed and holders and holders[0][0]:
            killed.append(str(holders[0][0]))
            os.kill(int(killed[0].rpartition(":")[2]), signal.SIGKILL)

    report = run_workers(config, 2, until_empty=True, on_progress=kill_9, settings=settings(1.0))

    assert killed, "the slow task was never seen running"
    assert (report.done, report.dead, report.remaining, report.restarts) == (5, 0, 0, 1)
    with open_pool(url) as pool:
        attempts = {r.ref: (r.status, r.attempts) for r in pool.results()}
    assert attempts.pop("SLOW") == (TaskStatus.DONE, 2)
    assert set(attempts.values()) == {(TaskStatus.DONE, 1)}
    assert set(decided_once(url).values()) == {1}


def restart_postgres() -> None:
    """Restart the local cluster (fast shutdown: every connection is cut)."""
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_workers_reconnect_after_a_server_restart_and_lose_no_task(config: Config) -> None:
    url = config.database_url
    total = 300
    with open_pool(url) as pool:
        pool.submit([application(f"A-{i:03}", segment="sleep:0.01") for i in range(total)])
    [(started_before,)] = query(url, "SELECT pg_postmaster_start_time()")
    restarted: list[int] = []

    def restart_mid_drain(progress: RunProgress) -> None:
        if progress.done >= total // 5 and not restarted:
            restarted.append(progress.done)
            restart_postgres()

    report = run_workers(
        config, 2, until_empty=True, on_progress=restart_mid_drain, settings=settings(5.0)
    )

    [(started_after,)] = query(url, "SELECT pg_postmaster_start_time()")
    assert restarted
    assert restarted[0] < total
    assert started_after != started_before
    assert (report.done, report.dead, report.remaining) == (total, 0, 0)
    assert decided_once(url) == {f"A-{i:03}": 1 for i in range(total)}


def test_two_hosts_drain_2000_tasks_with_no_task_run_twice(
    tmp_path: Path, postgres_url: str
) -> None:
    total = 2000
    with open_pool(postgres_url) as pool:
        pool.submit([application(f"T-{i:04}") for i in range(total)])
    env = os.environ | {LOAD_ENV: ECHO_PLUGIN, "PYTHONPATH": str(REPO)}
    veribot = Path(sys.executable).with_name("veribot")
    hosts = []
    for name in ("host-a", "host-b"):
        config_file = tmp_path / name / "veribot.toml"
        config_file.parent.mkdir()
        config_file.write_text(f'[database]\nurl = "{postgres_url}"\n', encoding="utf-8")
        command = [str(veribot), "--config", str(config_file), "run", "-w", "2", "--until-empty"]
        hosts.append(
            subprocess.Popen(
                command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        )
    outputs = [host.communicate(timeout=180) for host in hosts]

    for host, (stdout, stderr) in zip(hosts, outputs, strict=True):
        assert host.returncode == 0, stderr.decode()
        assert b"remaining 0" in stdout, stdout.decode()
    [(done, once, workers)] = query(
        postgres_url,
        "SELECT count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE attempts = 1),"
        " count(DISTINCT leased_by) FROM tasks",
    )
    assert (done, once) == (total, total)
    # each host runs two worker processes: three or more claimers means both hosts worked
    assert isinstance(workers, int), workers
    assert workers >= 3, workers
    assert decided_once(postgres_url) == {f"T-{i:04}": 1 for i in range(total)}
