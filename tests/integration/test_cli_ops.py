"""Operating the pool from the CLI: run and worker by pool, status, retry, cancel, dead, purge.

Commands run through typer's CliRunner against a real SQLite pool and a real PostgreSQL pool;
worker processes load the ``echo`` test bot (``echo_plugin``). The pure helpers behind the
commands are tested directly.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner, Result

from robotlib.cli.app import app
from robotlib.cli.purge_cmd import UNIT_SECONDS, parse_duration
from robotlib.cli.status_cmd import counts_table, format_age, status_document, status_view
from robotlib.config import load_config
from robotlib.model import Application, TaskStatus
from scheduler.pool import TaskPool, open_pool
from scheduler.pool.base import AtRisk, PoolStats

REPO = Path(__file__).resolve().parents[2]
NAME, NUMBER = "张伟", "440305199003071236"


def application(ref: str, branch: str = "shenzhen", **changes: object) -> Application:
    data: dict[str, object] = {
        "ref": ref,
        "kind": "echo",
        "branch": branch,
        "applicant": {"name": NAME, "id_number": NUMBER},
    }
    data.update(changes)
    return Application.model_validate(data)


#: a wide at-risk window: a normal-priority task (SLA one hour) is at risk from submission
CONFIG = """
[database]
url = "{url}"

[pool]
at_risk_seconds = 7200
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def config_file(request: pytest.FixtureRequest, tmp_path: Path, echo_plugin: ModuleType) -> Path:
    """A veribot.toml for a fresh SQLite pool, then for a fresh PostgreSQL pool."""
    url = "sqlite:///var/pool.db"
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
    path = tmp_path / "veribot.toml"
    path.write_text(CONFIG.format(url=url), encoding="utf-8")
    return path


@pytest.fixture
def pool(config_file: Path) -> Iterator[TaskPool]:
    """The pool the CLI of ``config_file`` uses, opened by the test to arrange and inspect."""
    config = load_config(config_file)
    with open_pool(config.database_url, config.pool) as pool:
        yield pool


def veribot(config_file: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["--config", str(config_file), *args])


def statuses(pool: TaskPool) -> dict[str, str]:
    """ref -> status of every task."""
    return {record.ref: record.status.value for record in pool.results()}


def fail_attempts(
    pool: TaskPool, refs: list[str], error: str = "registry timed out", max_attempts: int = 3
) -> None:
    """Submit ``refs`` and fail one attempt of each: failed (retry in an hour), or dead when
    ``max_attempts`` is 1. Call it before submitting other tasks: it claims what is pending."""
    pool.submit([application(ref) for ref in refs], max_attempts=max_attempts)
    tasks = pool.claim("test:1", ["echo"], [], len(refs))
    assert sorted(task.ref for task in tasks) == sorted(refs)
    for task in tasks:
        pool.fail(task, error, retry_in=3600.0)


# --- durations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("15m", 900), ("12h", 43_200), ("30d", 2_592_000), (" 1.5H ", 5_400)],
)
def test_durations_in_each_unit(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds, text


@pytest.mark.parametrize("text", ["", "30", "d", "30x", "-5m", "0s", "5 m", "1h30m", "30 days"])
def test_bad_durations_say_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError, match="90s, 15m, 12h or 30d") as error:
        parse_duration(text)
    assert repr(text) in str(error.value)


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(sorted(UNIT_SECONDS)))
def test_any_whole_duration_is_amount_times_unit(amount: int, unit: str) -> None:
    assert parse_duration(f"{amount}{unit}") == amount * UNIT_SECONDS[unit]


# --- ages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (59.9, "59s"),
        (60, "1m 00s"),
        (187, "3m 07s"),
        (3_600, "1h 00m"),
        (18_120, "5h 02m"),
        (2 * 86_400 + 3 * 3_600 + 59, "2d 03h"),
        (-187, "-3m 07s"),
    ],
)
def test_ages_show_the_two_largest_units(seconds: float, text: str) -> None:
    assert format_age(seconds) == text, seconds


# --- status ----------------------------------------------------------------------------------

STATS = PoolStats(
    counts={
        ("shenzhen", TaskStatus.PENDING, "high"): 2,
        ("shenzhen", TaskStatus.DONE, "low"): 4,
        ("shenzhen", TaskStatus.DEAD, "high"): 1,
        ("beijing", TaskStatus.FAILED, "normal"): 3,
    },
    oldest_pending_age=187.4,
    # 1_800_000_000 is 2027-01-15T08:00:00Z
    at_risk=[AtRisk("SZ-1", "shenzhen", "high", 1_800_000_000.0, -30.0)],
)


def rendered(renderable: object) -> str:
    out = io.StringIO()
    Console(file=out, width=120, color_system=None).print(renderable)
    return out.getvalue()


def test_status_document_has_totals_counts_age_and_refs_at_risk() -> None:
    assert status_document(STATS) == {
        "totals": {
            "pending": 2,
            "running": 0,
            "done": 4,
            "failed": 3,
            "dead": 1,
            "cancelled": 0,
        },
        "counts": [
            {"pool": "beijing", "priority": "normal", "status": "failed", "tasks": 3},
            {"pool": "shenzhen", "priority": "high", "status": "pending", "tasks": 2},
            {"pool": "shenzhen", "priority": "high", "status": "dead", "tasks": 1},
            {"pool": "shenzhen", "priority": "low", "status": "done", "tasks": 4},
        ],
        "oldest_pending_age": 187.4,
        "at_risk": [
            {
                "ref": "SZ-1",
                "pool": "shenzhen",
                "priority": "high",
                "deadline": "2027-01-15T08:00:00+00:00",
                "seconds_left": -30.0,
            }
        ],
    }


def test_counts_table_has_a_row_per_pool_and_priority_and_a_total_row() -> None:
    lines = [line.split() for line in rendered(counts_table(STATS)).splitlines() if line.strip()]

    assert lines[0] == ["pool", "priority", *(status.value for status in TaskStatus), "total"]
    assert lines[1:] == [
        ["beijing", "normal", "0", "0", "0", "3", "0", "0", "3"],
        ["shenzhen", "high", "2", "0", "0", "0", "1", "0", "3"],
        ["shenzhen", "low", "0", "0", "4", "0", "0", "0", "4"],
        ["total", "2", "0", "4", "3", "1", "0", "10"],
    ]


def test_status_view_shows_the_oldest_wait_and_what_is_at_risk() -> None:
    text = rendered(status_view(STATS))
    quiet = rendered(status_view(PoolStats(counts={}, oldest_pending_age=None, at_risk=[])))

    assert "oldest pending: 3m 07s" in text
    assert "SLA at risk: 1" in text
    assert "SZ-1" in text
    assert "overdue 30s" in text
    assert "oldest pending: none" in quiet
    assert "SLA at risk: none" in quiet


def test_status_through_the_cli_counts_by_pool_and_lists_refs_at_risk(
    config_file: Path, pool: TaskPool
) -> None:
    fail_attempts(pool, ["SZ-1"])
    pool.submit(
        [
            application("SZ-2", priority="high", deadline=datetime.now() - timedelta(minutes=1)),
            application("BJ-1", "beijing", priority="low"),
            application("BJ-2", "beijing", priority="low"),
        ]
    )

    as_json = veribot(config_file, "status", "--json")
    table = veribot(config_file, "status")

    assert as_json.exit_code == 0, as_json.output
    document = json.loads(as_json.stdout)
    assert document["totals"] == {
        "pending": 3,
        "running": 0,
        "done": 0,
        "failed": 1,
        "dead": 0,
        "cancelled": 0,
    }
    assert {
        (row["pool"], row["priority"], row["status"], row["tasks"]) for row in document["counts"]
    } == {
        ("beijing", "low", "pending", 2),
        ("shenzhen", "high", "pending", 1),
        ("shenzhen", "normal", "failed", 1),
    }
    assert document["oldest_pending_age"] >= 0
    # SZ-2 is overdue; SZ-1 (normal, due in an hour) is inside the configured 2 h window;
    # the low-priority tasks (due in a day) are not
    assert [task["ref"] for task in document["at_risk"]] == ["SZ-2", "SZ-1"]
    assert -70 < document["at_risk"][0]["seconds_left"] < -50
    assert 3_500 < document["at_risk"][1]["seconds_left"] <= 3_600
    assert table.exit_code == 0, table.output
    assert "beijing" in table.stdout
    assert "SZ-2" in table.stdout
    assert "overdue 1m" in table.stdout
    for output in (as_json.stdout, table.stdout):
        assert NAME not in output
        assert NUMBER not in output


# --- run and worker by pool ------------------------------------------------------------------


def test_run_takes_only_the_named_pools(config_file: Path, pool: TaskPool) -> None:
    pool.submit(
        [application("SZ-1"), application("BJ-1", "beijing"), application("GZ-1", "guangzhou")]
    )

    ran = veribot(
        config_file, "run", "--workers", "1", "--pool", "shenzhen", "-p", "beijing", "--until-empty"
    )

    assert ran.exit_code == 0, ran.output
    assert "done 2" in ran.stdout
    assert statuses(pool) == {"BJ-1": "done", "GZ-1": "pending", "SZ-1": "done"}
    # the progress bar's last state says how many workers ran, not "(0 workers)"
    assert "verified (1 worker)" in ran.output, ran.output


def test_run_until_empty_names_at_once_the_tasks_its_robot_cannot_take(
    config_file: Path, pool: TaskPool
) -> None:
    pool.submit([application("SZ-2"), application("SZ-1")], {"echo": ["source:telecom"]})
    pool.submit([application("BJ-1", "beijing")])
    assert veribot(config_file, "robots", "assign", "clerk", "-p", "shenzhen").exit_code == 0

    ran = veribot(config_file, "run", "--workers", "1", "--robot", "clerk", "--until-empty")

    assert ran.exit_code == 1, ran.output
    # one line, the last, naming each group of tasks, why, and what would let the robot
    error = ran.output.strip().splitlines()[-1]
    assert error.startswith("error: robot clerk cannot take 3 waiting task(s)"), ran.output
    assert (
        "1 task of kind echo in pool beijing (BJ-1): robot clerk does not work in this pool "
        "(veribot robots assign clerk -p beijing)"
    ) in error
    assert (
        "2 tasks of kind echo in pool shenzhen (first SZ-1): robot clerk lacks scope "
        "source:telecom here (veribot robots grant clerk source:telecom -p shenzhen)"
    ) in error
    assert statuses(pool) == {"BJ-1": "pending", "SZ-1": "pending", "SZ-2": "pending"}


def start_worker(config_file: Path, *args: str) -> subprocess.Popen[str]:
    """``veribot worker`` as its own process, as an operator (or systemd) would start it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", "from robotlib.cli.app import main; main()"]
    return subprocess.Popen(
        [*command, "--config", str(config_file), "worker", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: a failed test kills all of it
    )


def wait_for(pool: TaskPool, ref: str, status: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while statuses(pool).get(ref) != status:
        assert time.monotonic() < deadline, f"{ref} never became {status}: {statuses(pool)}"
        time.sleep(0.05)


def test_worker_serves_its_pool_until_sigterm_and_finishes_the_task_in_hand(
    config_file: Path, pool: TaskPool
) -> None:
    pool.submit([application("SZ-1"), application("BJ-1", "beijing")])
    worker = start_worker(config_file, "--workers", "1", "--pool", "shenzhen")
    try:
        wait_for(pool, "SZ-1", "done")
        pool.submit([application("SZ-2", segment="sleep:1.5")])  # arrives while it idles
        wait_for(pool, "SZ-2", "running")
        worker.send_signal(signal.SIGTERM)
        stdout, stderr = worker.communicate(timeout=60)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)

    assert worker.returncode == 0, stderr
    assert "1 process taking tasks from shenzhen" in stderr
    assert "done 2, dead 0" in stdout
    assert statuses(pool) == {"BJ-1": "pending", "SZ-1": "done", "SZ-2": "done"}


def worker_children(parent: int) -> list[int]:
    """The worker processes ``parent`` spawned (multiprocessing's ``spawn_main``), from /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # exited meanwhile
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"spawn_main" in command:
            children.append(int(entry.name))
    return children


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie has exited: only its parent's wait is missing)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_worker_processes_stop_when_their_parent_is_killed(
    config_file: Path, pool: TaskPool
) -> None:
    pool.submit([application("SZ-1")])
    worker = start_worker(config_file, "--workers", "2", "--lease-seconds", "3")
    children: list[int] = []
    try:
        wait_for(pool, "SZ-1", "done")
        deadline = time.monotonic() + 30
        while len(children := worker_children(worker.pid)) < 2:
            assert time.monotonic() < deadline, f"worker processes: {children}"
            time.sleep(0.05)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        pool.submit([application("SZ-2")])
        # well within one lease period (3 s) on an idle host; generous on a busy one
        deadline = time.monotonic() + 20
        while running := [pid for pid in children if alive(pid)]:
            assert time.monotonic() < deadline, f"orphaned workers still run: {running}"
            time.sleep(0.05)
    finally:
        for pid in children:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)

    assert statuses(pool) == {"SZ-1": "done", "SZ-2": "pending"}


# --- retry and cancel ------------------------------------------------------------------------


def test_retry_makes_failed_tasks_claimable_now_and_names_unknown_refs(
    config_file: Path, pool: TaskPool
) -> None:
    fail_attempts(pool, ["SZ-1", "SZ-2"])
    assert pool.claim("test:2", ["echo"], [], 10) == []  # both wait an hour for their retry

    result = veribot(config_file, "retry", "SZ-1", "NOPE-1")

    assert result.exit_code == 1, result.output
    assert result.stdout == "retried 1: SZ-1\n"
    assert "not retried (unknown ref, or neither failed nor dead): NOPE-1" in result.stderr
    assert [task.ref for task in pool.claim("test:2", ["echo"], [], 10)] == ["SZ-1"]


def test_retry_all_failed_leaves_other_tasks_alone(config_file: Path, pool: TaskPool) -> None:
    fail_attempts(pool, ["SZ-1", "SZ-2"])
    pool.submit([application("SZ-3")])

    result = veribot(config_file, "retry", "--all-failed")

    assert result.exit_code == 0, result.output
    assert result.stdout == "retried 2\n"
    assert statuses(pool) == {"SZ-1": "pending", "SZ-2": "pending", "SZ-3": "pending"}


@pytest.mark.parametrize(
    ("args", "message"),
    [((), "name at least one ref, or pass --all-failed"), (("SZ-1", "--all-failed"), "not both")],
)
def test_retry_needs_refs_or_all_failed(
    config_file: Path, pool: TaskPool, args: tuple[str, ...], message: str
) -> None:
    fail_attempts(pool, ["SZ-1"])

    result = veribot(config_file, "retry", *args)

    assert result.exit_code == 1, args
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert statuses(pool) == {"SZ-1": "failed"}


def test_cancelled_tasks_are_never_run(config_file: Path, pool: TaskPool) -> None:
    pool.submit([application("SZ-1"), application("SZ-2")])

    cancelled = veribot(config_file, "cancel", "SZ-1")
    ran = veribot(config_file, "run", "--workers", "1", "--until-empty")

    assert cancelled.exit_code == 0, cancelled.output
    assert cancelled.stdout == "cancelled 1: SZ-1\n"
    assert ran.exit_code == 0, ran.output
    assert statuses(pool) == {"SZ-1": "cancelled", "SZ-2": "done"}


def test_cancel_reports_refs_it_could_not_cancel_and_cancels_the_others(
    config_file: Path, pool: TaskPool
) -> None:
    pool.submit([application("SZ-1")])
    veribot(config_file, "run", "--workers", "1", "--until-empty")
    pool.submit([application("SZ-2")])

    result = veribot(config_file, "cancel", "SZ-1", "SZ-2", "NOPE-1")

    assert result.exit_code == 1, result.output
    assert result.stdout == "cancelled 1: SZ-2\n"
    assert "not cancelled (unknown ref, or running or finished): SZ-1, NOPE-1" in result.stderr
    assert statuses(pool) == {"SZ-1": "done", "SZ-2": "cancelled"}


# --- dead letters ----------------------------------------------------------------------------


def test_dead_list_shows_ref_attempts_and_error_without_personal_data(
    config_file: Path, pool: TaskPool
) -> None:
    fail_attempts(pool, ["SZ-1"], error=f"registry said no for {NUMBER}", max_attempts=1)
    pool.submit([application("SZ-2", segment="crash")], max_attempts=1)
    assert veribot(config_file, "run", "--workers", "1", "--until-empty").exit_code == 0

    table = veribot(config_file, "dead", "list")
    lines = veribot(config_file, "dead", "list", "--json")

    assert table.exit_code == 0, table.output
    assert "SZ-1" in table.stdout
    assert "440305********1236" in table.stdout
    assert "KeyError at echo_bot.py" in table.stdout
    rows = {row["ref"]: row for row in map(json.loads, lines.stdout.splitlines())}
    assert rows["SZ-1"] == {
        "ref": "SZ-1",
        "attempts": 1,
        "error": "registry said no for 440305********1236",
    }
    assert set(rows["SZ-2"]) == {"ref", "attempts", "error"}
    assert rows["SZ-2"]["error"].startswith("KeyError at echo_bot.py"), rows["SZ-2"]
    assert set(rows) == {"SZ-1", "SZ-2"}
    for output in (table.stdout, lines.stdout):
        assert NUMBER not in output
        assert NAME not in output


def test_dead_list_limit_says_when_there_are_more(config_file: Path, pool: TaskPool) -> None:
    fail_attempts(pool, ["SZ-1", "SZ-2", "SZ-3"], max_attempts=1)

    cut = veribot(config_file, "dead", "list", "--limit", "2", "--json")
    whole = veribot(config_file, "dead", "list", "--limit", "3", "--json")

    assert len(cut.stdout.splitlines()) == 2, cut.stdout
    assert "showing the first 2 dead tasks" in cut.stderr
    assert len(whole.stdout.splitlines()) == 3, whole.stdout
    assert whole.stderr == ""


def test_dead_requeue_named_refs_reports_the_others(config_file: Path, pool: TaskPool) -> None:
    fail_attempts(pool, ["SZ-1", "SZ-2"], max_attempts=1)
    pool.submit([application("SZ-3")])

    result = veribot(config_file, "dead", "requeue", "SZ-1", "SZ-3", "NOPE-1")

    assert result.exit_code == 1, result.output
    assert result.stdout == "requeued 1: SZ-1\n"
    assert "not requeued (unknown ref, or not dead): SZ-3, NOPE-1" in result.stderr
    assert statuses(pool) == {"SZ-1": "pending", "SZ-2": "dead", "SZ-3": "pending"}


def test_dead_requeue_all_then_run_decides_them(config_file: Path, pool: TaskPool) -> None:
    fail_attempts(pool, ["SZ-1", "SZ-2"], max_attempts=1)

    requeued = veribot(config_file, "dead", "requeue", "--all")
    ran = veribot(config_file, "run", "--workers", "1", "--until-empty")

    assert requeued.exit_code == 0, requeued.output
    assert requeued.stdout == "requeued 2\n"
    assert ran.exit_code == 0, ran.output
    assert statuses(pool) == {"SZ-1": "done", "SZ-2": "done"}


def test_dead_requeue_without_refs_requeues_nothing(config_file: Path, pool: TaskPool) -> None:
    fail_attempts(pool, ["SZ-1"], max_attempts=1)

    result = veribot(config_file, "dead", "requeue")

    assert result.exit_code == 1
    assert "name at least one ref, or pass --all" in result.stderr
    assert statuses(pool) == {"SZ-1": "dead"}


# --- purge -----------------------------------------------------------------------------------


def test_purge_deletes_only_finished_tasks_older_than_asked(
    config_file: Path, pool: TaskPool
) -> None:
    fail_attempts(pool, ["SZ-1"], max_attempts=1)
    fail_attempts(pool, ["SZ-2"])
    pool.submit([application("SZ-3"), application("SZ-4")])
    veribot(config_file, "cancel", "SZ-4")

    recent = veribot(config_file, "purge", "--older-than", "30d")
    time.sleep(1.1)
    old = veribot(config_file, "purge", "--older-than", "1s")

    assert recent.exit_code == 0, recent.output
    assert recent.stdout == "purged 0 finished tasks older than 30d\n"
    assert old.exit_code == 0, old.output
    assert old.stdout == "purged 2 finished tasks older than 1s\n"
    assert statuses(pool) == {"SZ-2": "failed", "SZ-3": "pending"}


def test_purge_rejects_a_bad_duration_in_one_line(config_file: Path, pool: TaskPool) -> None:
    fail_attempts(pool, ["SZ-1"], max_attempts=1)

    result = veribot(config_file, "purge", "--older-than", "30x")

    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: invalid duration '30x': use a number and a unit: 90s, 15m, 12h or 30d"
    ]
    assert statuses(pool) == {"SZ-1": "dead"}
