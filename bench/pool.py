"""Benchmark of veribot's task pools against pgqueuer, procrastinate and huey, side by side.

    .venv/bin/python bench/pool.py [--tasks N] [--repeat R] [--quick] [--enqueue-only]

On one PostgreSQL server (``BENCH_PG_SERVER``, default postgresql://postgres@127.0.0.1:5432):
veribot's PostgresPool, pgqueuer and procrastinate; on SQLite files on the same disk:
veribot's SqlitePool and huey's SqliteStorage. Each system gets a fresh database (``CREATE
DATABASE bench_<system>_<pid>``, dropped afterwards) or file for every phase of every repetition:

- enqueue rate, in calls of 100 (each drain's prefill) and one task per call;
- claim+complete rate of no-op tasks by 1, 2 and 4 worker processes draining N queued tasks;
- enqueue-to-start latency p50/p99 on an idle pool (a waiting consumer, tasks enqueued one
  at a time with pauses);
- for veribot: a high-priority task submitted during a low-priority drain, the claim cycles
  until it starts.

Phases run system after system within each repetition (the order rotates), so ratios come
from the same minutes of this noisy machine. The medians are printed as markdown and, for a
full run of every system, written to the pool section of docs/benchmarks.md (``--output``
to choose another file). ``--enqueue-only`` measures the two enqueue rates alone, N tasks in
calls of 100 and one per call, in minutes rather than a quarter of an hour; its full run of
every system writes the pool-enqueue section.
Requires the ``bench`` extra: ``.venv/bin/pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import functools
import json
import os
import platform
import secrets
import sqlite3
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # veribot itself, when it is not installed
    sys.path.append(str(ROOT))

from docs_section import write_section  # noqa: E402
from pool_harness import (  # noqa: E402
    PG_SERVER,
    RunFigures,
    System,
    latency_gaps,
    percentile,
    pg_server_facts,
    records,
)
from pool_huey import HueySystem  # noqa: E402
from pool_pgqueuer import PgqueuerSystem  # noqa: E402
from pool_procrastinate import ProcrastinateSystem  # noqa: E402
from pool_realpath import WORKERS, RealPathRuns, measure_real_path, real_path_section  # noqa: E402
from pool_report import ENQUEUE_BATCH, Options, ProbeRuns, SystemRuns, render  # noqa: E402
from pool_veribot import VeribotSystem  # noqa: E402

from robotlib.protection.keystore import KEYS_ENV  # noqa: E402

DEFAULT_OUTPUT = ROOT / "docs" / "benchmarks.md"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/pool.py",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--tasks", type=int, help="tasks per drain (default 10000; quick 200)")
    parser.add_argument("--repeat", type=int, help="repetitions (default 3; quick 1)")
    parser.add_argument("--quick", action="store_true", help="a smoke run with small sizes")
    parser.add_argument(
        "--enqueue-only",
        action="store_true",
        help="only the enqueue phases (100/call and 1/call): no drains, latency or probe",
    )
    parser.add_argument(
        "--real-path-only",
        action="store_true",
        help=f"only the drain with {WORKERS} workers and the real path of veribot's pools "
        "(no enqueue-single, latency or probe; other systems left out): the ratio, quickly",
    )
    parser.add_argument(
        "--workers", default="1,2,4", help="worker process counts of the drains (default 1,2,4)"
    )
    parser.add_argument(
        "--latency-tasks", type=int, help="latency probes per system (default 200; quick 10)"
    )
    parser.add_argument(
        "--priority-tasks",
        type=int,
        help="low-priority tasks of the priority probe (default 5000; quick 300)",
    )
    parser.add_argument(
        "--claim-batch", type=int, default=10, help="tasks per veribot claim (default 10)"
    )
    parser.add_argument(
        "--systems",
        help="comma-separated subset of: veribot, pgqueuer, procrastinate, veribot_sqlite, huey",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="write the markdown here (default: docs/benchmarks.md after a full run of "
        "every system; nothing after --quick or --systems)",
    )
    return parser.parse_args(argv)


def make_options(args: argparse.Namespace) -> Options:
    quick = bool(args.quick)
    tasks = args.tasks or (200 if quick else 10000)
    return Options(
        tasks=tasks,
        repeat=args.repeat or (1 if quick else 3),
        workers=tuple(int(w) for w in args.workers.split(",")),
        single_tasks=min(tasks, 100 if quick else 1000),
        latency_tasks=args.latency_tasks or (10 if quick else 200),
        gap_low=0.02 if quick else 0.03,
        gap_high=0.06 if quick else 0.15,
        priority_tasks=args.priority_tasks or (300 if quick else 5000),
        priority_workers=2,
        claim_batch=args.claim_batch,
        quick=quick,
        enqueue_only=bool(args.enqueue_only),
    )


def all_systems(options: Options) -> list[System]:
    return [
        VeribotSystem("postgresql", options.claim_batch),
        PgqueuerSystem(),
        ProcrastinateSystem(),
        VeribotSystem("sqlite", options.claim_batch),
        HueySystem(),
    ]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_phase(system: System, phase: str, options: Options, figures: RunFigures) -> str:
    """Measure one phase of one system in fresh storage; returns what to log."""
    with system.location() as where:
        system.prepare(where)
        if phase.startswith("drain"):
            workers = int(phase.split(":")[1])
            enqueued = system.measure_enqueue(where, records(options.tasks), ENQUEUE_BATCH)
            rate = system.measure_drain(where, options.tasks, workers)
            figures.enqueue_batch.append(enqueued)
            figures.drain[workers] = rate
            return f"enqueue {enqueued:,.0f}/s, claim+complete ×{workers} {rate:,.0f}/s"
        if phase == "enqueue-batch":
            rate = system.measure_enqueue(where, records(options.tasks), ENQUEUE_BATCH)
            figures.enqueue_batch.append(rate)
            return f"enqueue {ENQUEUE_BATCH}/call {rate:,.0f}/s"
        if phase == "enqueue-single":
            rate = system.measure_enqueue(where, records(options.single_tasks), 1)
            figures.enqueue_single = rate
            return f"enqueue 1/call {rate:,.0f}/s"
        if phase == "latency":
            gaps = latency_gaps(options.latency_tasks, options.gap_low, options.gap_high)
            probes = records(options.latency_tasks, prefix="P", priority="high")
            latencies = system.measure_latency(where, probes, gaps)
            figures.latency_p50 = percentile(latencies, 0.5)
            figures.latency_p99 = percentile(latencies, 0.99)
            return (
                f"idle latency p50 {figures.latency_p50 * 1000:.1f} ms, "
                f"p99 {figures.latency_p99 * 1000:.1f} ms"
            )
    raise ValueError(phase)


#: tries of a measurement before its system is given up for the run
ATTEMPTS = 3
#: labels of the measurements that failed once and were measured again
RETRIED: list[str] = []


def guarded(label: str, action: Callable[[], str]) -> str | None:
    """Run one measurement; on failure (say, someone restarted the shared PostgreSQL
    server) wait for the server and measure again from fresh storage, up to ``ATTEMPTS``
    times. Returns why it failed for good, or None."""
    for attempt in range(1, ATTEMPTS + 1):
        started = time.monotonic()
        try:
            outcome = action()
        except Exception as exc:
            log(traceback.format_exc())
            last = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
            reason = f"failed: {type(exc).__name__}: {last}"
            if attempt == ATTEMPTS:
                return reason
            log(f"  {label}: {reason}; measuring again ({attempt + 1}/{ATTEMPTS})")
            RETRIED.append(label)
            wait_for_server()
            continue
        log(f"  {label}: {outcome} [{time.monotonic() - started:.1f} s]")
        return None
    return None


def wait_for_server(patience: float = 120.0) -> None:
    """Wait until the PostgreSQL server accepts connections again (or ``patience`` passes)."""
    give_up = time.monotonic() + patience
    while time.monotonic() < give_up:
        try:
            pg_server_facts()
            return
        except Exception:
            time.sleep(1.0)


def veribot_source() -> str:
    """Which veribot was measured: the commit, and whether the pool code had local changes."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--", "scheduler", "robotlib")
    except OSError:
        return "unknown"
    if not head:
        return "unknown (not a git checkout)"
    return f"commit {head}" + (
        " plus uncommitted changes in scheduler/, robotlib/" if dirty else ""
    )


def machine_header(
    systems: list[System],
    started: datetime.datetime,
    seconds: float,
    options: Options,
    source: str,
) -> list[str]:
    pg = pg_server_facts()
    versions: dict[str, str] = {}
    for system in systems:
        versions.update(system.versions())
    versions_text = ", ".join(f"{name} {v}" for name, v in sorted(versions.items()))
    size = ", a quick smoke run (small sizes, not for comparison)" if options.quick else ""
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return [
        f"Measured {started:%Y-%m-%d %H:%M} UTC in {seconds / 60:.1f} min{size}: "
        f"medians of {options.repeat} repetition{'s' if options.repeat > 1 else ''}, "
        f"{options.tasks:,} tasks {'per enqueue sample' if options.enqueue_only else 'per drain'}.",
        "",
        f"- Machine: {os.cpu_count()} cores, Linux {platform.release()}, "
        f"Python {platform.python_version()}; noisy (shared; load average {load} when the "
        "run ended), so compare within one run.",
        f"- PostgreSQL {pg['server_version']} on 127.0.0.1 (one server for all three), "
        f"synchronous_commit={pg['synchronous_commit']}, fsync={pg['fsync']}, "
        f"wal_sync_method={pg['wal_sync_method']}, shared_buffers={pg['shared_buffers']}.",
        f"- SQLite {sqlite3.sqlite_version} (Python's sqlite3), files on the same ext4 disk "
        "as PostgreSQL's data; both SQLite systems WAL with synchronous=FULL.",
        f"- Versions: {versions_text}; veribot measured at {source} (when the run started).",
    ]


def method_notes(options: Options) -> list[str]:
    samples = (
        "one sample per repetition"
        if options.enqueue_only
        else f"the prefill of each drain, so {len(options.workers)} samples per repetition"
    )
    notes = [
        "- Every phase of every system runs on a fresh database (`CREATE DATABASE "
        "bench_<system>_<pid>` on the maintenance database, dropped afterwards) or a fresh SQLite "
        "file; schemas are installed before the clock starts.",
        f"- Enqueue: one process enqueues {options.tasks:,} tasks in calls of "
        f"{ENQUEUE_BATCH} ({samples}) and {options.single_tasks:,} tasks one per call, "
        "timed from the first call to the return of the last (veribot: `submit`, which seals "
        "each application with AES-GCM and hashes its identity number). The payload of "
        "every system is the same application record (~400 bytes of JSON).",
    ]
    if not options.enqueue_only:
        notes += [
            "- Claim+complete: N tasks queued, then 1, 2 or 4 worker processes, connected and "
            "ready, drain them with a no-op task. The clock runs from the start of the first "
            "task (so start-up inside a library's run loop, such as pgqueuer's schema check, "
            "is not counted) until the last worker has acknowledged its last task "
            "(pgqueuer: `run(mode=drain)` "
            "returns; procrastinate: `run_worker_async(wait=False)` returns; huey, which has "
            "no drain mode: the harness sees N stored results, polling every 5 ms). veribot "
            "workers `claim(limit)` once, then loop `complete_and_claim`: the batch's results "
            "(a ResultRecord per task) stored and the next batch claimed in one transaction; "
            "pgqueuer logs completions in buffered batches; huey stores the task's return "
            "value.",
            f"- Idle latency: one waiting consumer; after a {1.0:g} s settle, one process "
            f"enqueues {options.latency_tasks} tasks one at a time, pausing "
            f"{options.gap_low * 1000:.0f}–{options.gap_high * 1000:.0f} ms (the same "
            "pseudo-random pauses for every system) before each. Latency runs from just before "
            "the enqueue call (so it includes the enqueue's commit) to the start of the task "
            "body (veribot: `claim` returned it). p50/p99 per repetition, then the median.",
        ]
    return [
        *notes,
        "- Each figure is the median over repetitions; the systems run phase by phase, "
        "one after another, in an order that rotates between repetitions.",
        "- A measurement that fails (the PostgreSQL server is shared with other work and "
        "may restart) is measured again from fresh storage, up to "
        f"{ATTEMPTS} tries; measured again in this run: "
        + (", ".join(RETRIED) if RETRIED else "none")
        + ".",
    ]


def measure_real_path_row(
    veribot: VeribotSystem, real: RealPathRuns, figures: dict[str, RunFigures], tasks: int
) -> None:
    """One repetition of ``veribot``'s real path, its ratio to the batched drain with
    ``WORKERS`` workers of the same repetition (in ``figures``)."""
    if real.missing:
        return
    batched = figures[veribot.key].drain.get(WORKERS) if veribot.key in figures else None

    def drain() -> str:
        with veribot.location() as where:
            veribot.prepare(where)
            rate = measure_real_path(where, tasks)
        real.rates.append(rate)
        if batched:
            real.batched.append(batched)
            real.ratios.append(rate / batched)
        ratio = f", {rate / batched:.2f} of batched" if batched else ""
        return f"real path ×{WORKERS} {rate:,.0f}/s{ratio}"

    real.missing = guarded(f"{veribot.label} real path", drain)


def real_path_only(systems: list[System], options: Options) -> int:
    """``--real-path-only``: per repetition, each veribot pool's batched drain with
    ``WORKERS`` workers then its real path; prints the real-path rows, writes nothing."""
    veribots = [s for s in systems if isinstance(s, VeribotSystem)]
    real_paths = {s.key: RealPathRuns(s.label) for s in veribots}
    for veribot in veribots:
        real_paths[veribot.key].missing = veribot.unavailable()
    log(f"bench/pool.py --real-path-only: {options}")
    for repetition in range(options.repeat):
        log(f"repetition {repetition + 1}/{options.repeat}")
        figures = {s.key: RunFigures() for s in veribots}
        for veribot in veribots:
            real = real_paths[veribot.key]
            if real.missing:
                continue
            action = functools.partial(
                run_phase, veribot, f"drain:{WORKERS}", options, figures[veribot.key]
            )
            real.missing = guarded(f"{veribot.label} drain:{WORKERS}", action)
            measure_real_path_row(veribot, real, figures, options.tasks)
    print("\n".join(real_path_section(list(real_paths.values()), options.tasks)))
    return 0


def throwaway_keys() -> None:
    """veribot seals every payload (AES-GCM): the benchmark's databases are dropped after
    each phase, so a key ring made for this run, shared with the workers by environment,
    is enough; the sealing cost is measured like any other."""
    if not os.environ.get(KEYS_ENV):
        ring = {"active": "kbench", "keys": {"kbench": _key()}, "lookup": _key()}
        os.environ[KEYS_ENV] = json.dumps(ring)


def _key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    options = make_options(args)
    throwaway_keys()
    systems = all_systems(options)
    if args.systems:
        wanted = set(args.systems.split(","))
        unknown = wanted - {s.key for s in systems}
        if unknown:
            log(f"unknown systems: {', '.join(sorted(unknown))}")
            return 2
        systems = [s for s in systems if s.key in wanted]
    if args.real_path_only:
        return real_path_only(systems, options)
    started_at = datetime.datetime.now(datetime.UTC)
    source = veribot_source()  # the code this process imported, not what is there at the end
    clock = time.monotonic()
    log(f"bench/pool.py on {PG_SERVER} and SQLite: {options}")

    runs = {s.key: SystemRuns(s.key, s.label, s.backend, "") for s in systems}
    active: list[System] = []
    for system in systems:
        reason = system.unavailable()
        if reason:
            log(f"{system.label}: not measured: {reason}")
            runs[system.key].missing = reason
        else:
            active.append(system)
    veribots = [s for s in active if isinstance(s, VeribotSystem)]
    probes = {s.key: ProbeRuns(s.key, s.label) for s in systems if isinstance(s, VeribotSystem)}
    for key, probe in probes.items():
        probe.missing = runs[key].missing

    real_paths = {s.key: RealPathRuns(s.label) for s in systems if isinstance(s, VeribotSystem)}
    for key, real in real_paths.items():
        real.missing = runs[key].missing
    phases = (
        ["enqueue-batch", "enqueue-single"]
        if options.enqueue_only
        else [f"drain:{w}" for w in options.workers] + ["enqueue-single", "latency"]
    )
    for repetition in range(options.repeat):
        log(f"repetition {repetition + 1}/{options.repeat}")
        shift = repetition % max(1, len(active))
        order = active[shift:] + active[:shift]
        figures = {s.key: RunFigures() for s in order}
        for phase in phases:
            for system in order:
                if runs[system.key].missing:
                    continue
                action = functools.partial(run_phase, system, phase, options, figures[system.key])
                failure = guarded(f"{system.label} {phase}", action)
                if failure:
                    runs[system.key].missing = failure
        for system in order:
            if not runs[system.key].missing:
                runs[system.key].runs.append(figures[system.key])
        for veribot in [] if options.enqueue_only else veribots:
            probe = probes[veribot.key]
            if runs[veribot.key].missing or probe.missing:
                continue

            def measure(veribot: VeribotSystem = veribot, probe: ProbeRuns = probe) -> str:
                result = veribot.measure_priority(options.priority_tasks, options.priority_workers)
                probe.cycles.append(result.cycles)
                probe.waits.append(result.wait)
                probe.behind.append(result.behind)
                return f"high-priority task started after {result.cycles} claim cycle(s)"

            probe.missing = guarded(f"{veribot.label} priority probe", measure)
        for veribot in veribots:
            measure_real_path_row(veribot, real_paths[veribot.key], figures, options.tasks)

    for system in systems:
        runs[system.key].settings = system.settings()
    command = ".venv/bin/python bench/pool.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:])
    )
    markdown = render(
        command=command,
        header=machine_header(systems, started_at, time.monotonic() - clock, options, source),
        systems=[runs[s.key] for s in systems],
        probes=list(probes.values()),
        options=options,
        method=method_notes(options),
    )
    markdown += "\n".join(["", *real_path_section(list(real_paths.values()), options.tasks), ""])
    print(markdown)
    output = args.output
    if output is None and not options.quick and not args.systems:
        output = DEFAULT_OUTPUT
    section = "pool-enqueue" if options.enqueue_only else "pool"
    if output is not None:
        write_section(output, section, markdown)
        log(f"written to {output} (its {section} section)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
