"""Cron schedules in the pool's database: two schedulers (two hosts) fire each run once,
on SQLite and PostgreSQL; real `veribot scheduler` processes run the command."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import psycopg
import pytest

from robotlib.config import Config, load_config
from scheduler.cron.expression import ScheduleError
from scheduler.cron.leader import CronScheduler
from scheduler.cron.store import Schedule, ScheduleStore
from scheduler.errors import PoolUnavailable

T0 = 1_790_000_000.0  # a Unix time; every minute boundary is a multiple of 60
MINUTE = 60.0


@pytest.fixture(params=["sqlite", "postgres"])
def config(request: pytest.FixtureRequest, tmp_path: Path) -> Config:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'pool.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    (tmp_path / "veribot.toml").write_text(f'[database]\nurl = "{url}"\n')
    return load_config(tmp_path / "veribot.toml")


class Recorder:
    """A launcher that records what it would start, as a finished process."""

    def __init__(self) -> None:
        self.started: list[str] = []

    def __call__(self, schedule: Schedule) -> subprocess.Popen[bytes]:
        self.started.append(schedule.name)
        return subprocess.Popen(["true"])


@pytest.fixture
def stores(config: Config) -> Iterator[tuple[ScheduleStore, ScheduleStore]]:
    with closing(ScheduleStore(config)) as first, closing(ScheduleStore(config)) as second:
        yield first, second


def test_two_schedulers_fire_each_run_once_and_hand_over(
    stores: tuple[ScheduleStore, ScheduleStore],
) -> None:
    first, second = stores
    first.add("minutely", "* * * * *", ["true"], now=T0)
    a, b = Recorder(), Recorder()
    host_a = CronScheduler(first, holder="a:1", lease_seconds=30, launcher=a)
    host_b = CronScheduler(second, holder="b:1", lease_seconds=30, launcher=b)

    for second_of_minute in range(0, 120, 5):  # two minutes, both hosts ticking
        now = T0 + second_of_minute
        host_a.tick(now)
        host_b.tick(now)

    assert a.started == ["minutely", "minutely"]
    assert b.started == []

    host_a.store.resign("a:1")  # host a stops; b takes over at its next tick
    host_b.tick(T0 + 180)
    assert b.started == ["minutely"]
    assert a.started == ["minutely", "minutely"]


def test_a_due_run_is_taken_once_even_by_two_leaders(
    stores: tuple[ScheduleStore, ScheduleStore],
) -> None:
    first, second = stores
    schedule = first.add("nightly", "0 2 * * *", ["true"], timezone="Asia/Shanghai", now=T0)
    due = first.due(schedule.next_run_at)

    assert [s.name for s in due] == ["nightly"]
    assert [
        first.take(due[0], schedule.next_run_at),
        second.take(due[0], schedule.next_run_at),
    ] == [
        True,
        False,
    ]
    (after,) = second.all()
    assert after.next_run_at - schedule.next_run_at == 24 * 3600
    assert after.last_status == "started"


def test_a_long_outage_fires_once_not_a_burst(stores: tuple[ScheduleStore, ScheduleStore]) -> None:
    first, _ = stores
    first.add("minutely", "* * * * *", ["true"], now=T0)
    recorder = Recorder()
    scheduler = CronScheduler(first, holder="a:1", launcher=recorder)

    scheduler.tick(T0 + 3600)  # an hour of missed minutes
    scheduler.tick(T0 + 3601)

    assert recorder.started == ["minutely"]


def _cut_off_connections(url: str) -> int:
    """Terminate every other connection to the test database, as a server restart would."""
    with psycopg.connect(url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return len(rows)


def _postgres_config(url: str, folder: Path) -> Config:
    (folder / "veribot.toml").write_text(f'[database]\nurl = "{url}"\n')
    return load_config(folder / "veribot.toml")


def test_a_lost_connection_is_reported_then_the_store_reconnects(
    postgres_url: str, tmp_path: Path
) -> None:
    config = _postgres_config(postgres_url, tmp_path)
    with closing(ScheduleStore(config)) as store:
        store.add("minutely", "* * * * *", ["true"], now=T0)
        recorder = Recorder()
        scheduler = CronScheduler(store, holder="a:1", launcher=recorder)
        assert scheduler.tick(T0 + 1) == []

        assert _cut_off_connections(postgres_url) >= 1
        with pytest.raises(PoolUnavailable, match="connection was lost"):
            scheduler.tick(T0 + 61)
        assert scheduler.tick(T0 + 62) == ["minutely"]  # the due run fires once, late
        assert scheduler.tick(T0 + 63) == []
        assert recorder.started == ["minutely"]


def test_the_scheduler_loop_outlives_a_database_outage(postgres_url: str, tmp_path: Path) -> None:
    config = _postgres_config(postgres_url, tmp_path)
    with closing(ScheduleStore(config)) as store:
        scheduler = CronScheduler(store, holder="a:1", tick_seconds=0.05, launcher=Recorder())
        stop = threading.Event()
        loop = threading.Thread(target=scheduler.run, args=(stop,))
        loop.start()
        try:
            assert _wait_for_leader(postgres_url) == "a:1"
            _cut_off_connections(postgres_url)
            with psycopg.connect(postgres_url, autocommit=True) as admin:
                admin.execute("DELETE FROM scheduler_leader")  # proves it leads again anew
            assert _wait_for_leader(postgres_url) == "a:1"
            assert loop.is_alive()
        finally:
            stop.set()
            loop.join(timeout=10)
    assert not loop.is_alive()
    assert _wait_for_leader(postgres_url, timeout=0.1) is None  # resigned on the way out


def _wait_for_leader(url: str, timeout: float = 10.0) -> str | None:
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while True:
            row = conn.execute("SELECT holder FROM scheduler_leader WHERE id = 1").fetchone()
            if row is not None or time.monotonic() > deadline:
                return row[0] if row else None
            time.sleep(0.05)


@pytest.mark.parametrize(
    ("cron", "zone", "message"),
    [
        ("61 * * * *", "UTC", "not a five-field cron expression"),
        ("* * * *", "UTC", "not a five-field cron expression"),
        ("0 2 * * *", "Mars/Olympus", "not a known time zone"),
    ],
)
def test_invalid_schedules_are_refused(
    stores: tuple[ScheduleStore, ScheduleStore], cron: str, zone: str, message: str
) -> None:
    first, _ = stores
    with pytest.raises(ScheduleError, match=message):
        first.add("x", cron, ["true"], timezone=zone)
    first.add("x", "0 2 * * *", ["true"])
    with pytest.raises(ScheduleError, match="exists"):
        first.add("x", "0 3 * * *", ["true"])


def test_scheduler_processes_on_two_hosts_run_the_command_once(tmp_path: Path) -> None:
    (tmp_path / "veribot.toml").write_text('[database]\nurl = "sqlite:///pool.db"\n')
    veribot = [str(Path(sys.executable).with_name("veribot")), "-c", str(tmp_path / "veribot.toml")]
    marker = tmp_path / "fired.txt"
    added = subprocess.run(
        [
            *veribot,
            "schedule",
            "add",
            "probe",
            "0 2 * * *",
            "--workdir",
            str(tmp_path),
            "--",
            "sh",
            "-c",
            f"echo fired >> {marker}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    with sqlite3.connect(tmp_path / "pool.db") as db:  # make the run due now
        db.execute("UPDATE schedules SET next_run_at = ?", (time.time() - 1,))
    hosts = [
        subprocess.Popen([*veribot, "scheduler", "--tick", "0.1"], env={**os.environ})
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 20
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # both schedulers have ticked several times since
    finally:
        for host in hosts:
            host.terminate()
        for host in hosts:
            assert host.wait(10) == 0
    assert marker.read_text().splitlines() == ["fired"]
    listed = subprocess.run(
        [*veribot, "schedule", "list", "--json"], capture_output=True, text=True
    )
    assert '"last_status": "exit 0"' in listed.stdout
