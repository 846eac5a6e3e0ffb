"""The tables of ``bench/pool.py``: medians of the repetitions, ratios, markdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pool_harness import RunFigures, median

NOT_MEASURED = "not measured"


@dataclass
class Options:
    """The sizes of one benchmark run."""

    tasks: int
    repeat: int
    workers: tuple[int, ...]
    single_tasks: int
    latency_tasks: int
    gap_low: float
    gap_high: float
    priority_tasks: int
    priority_workers: int
    claim_batch: int
    quick: bool
    #: only the enqueue phases (``--enqueue-only``)
    enqueue_only: bool = False


@dataclass
class SystemRuns:
    """Everything measured of one system, one RunFigures per completed repetition."""

    key: str
    label: str
    backend: str
    settings: str
    runs: list[RunFigures] = field(default_factory=list)
    #: why it was not measured (or stopped being measured), if so
    missing: str | None = None

    def drain(self, workers: int) -> float | None:
        return median([r.drain[workers] for r in self.runs if workers in r.drain])

    def enqueue(self, per_call: int) -> float | None:
        """The median enqueue rate in calls of ``per_call`` (``ENQUEUE_BATCH`` or 1)."""
        return median([rate for r in self.runs if (rate := _enqueue_rate(r, per_call))])


@dataclass
class ProbeRuns:
    """The priority probe of one veribot backend over the repetitions."""

    key: str
    label: str
    cycles: list[int] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)
    behind: list[int] = field(default_factory=list)
    missing: str | None = None


@dataclass
class Target:
    """A ratio the issue asks for: ``ours`` ÷ ``theirs`` at least ``at_least``."""

    title: str
    ours: str
    theirs: str
    at_least: float


TARGETS = (
    Target("PostgreSQL: veribot ÷ pgqueuer", "veribot", "pgqueuer", 1.0),
    Target("PostgreSQL: veribot ÷ procrastinate", "veribot", "procrastinate", 3.0),
    Target("SQLite: veribot ÷ huey", "veribot_sqlite", "huey", 1.0),
)
#: issue 17: enqueue at least as fast as the other queue on the same backend
ENQUEUE_TARGETS = (
    Target("PostgreSQL: veribot ÷ pgqueuer", "veribot", "pgqueuer", 1.0),
    Target("SQLite: veribot ÷ huey", "veribot_sqlite", "huey", 1.0),
)
#: tasks per call of the batched enqueue (each drain's prefill)
ENQUEUE_BATCH = 100
LATENCY_TARGET_MS = 10.0
PRIORITY_TARGET_CYCLES = 2


def _rate(value: float | None) -> str:
    return NOT_MEASURED if value is None else f"{value:,.0f}"


def _ms(value: float | None) -> str:
    return NOT_MEASURED if value is None else f"{value * 1000:.1f}"


def _verdict(value: float, ok: bool) -> str:
    return f"{value:.2f} ({'met' if ok else 'not met'})"


def ratio(ours: SystemRuns, theirs: SystemRuns, workers: int) -> float | None:
    """The median over repetitions of the ratio measured within each repetition."""
    ratios = [
        a.drain[workers] / b.drain[workers]
        for a, b in zip(ours.runs, theirs.runs, strict=False)
        if workers in a.drain and workers in b.drain
    ]
    return median(ratios)


def _enqueue_rate(figures: RunFigures, per_call: int) -> float | None:
    """One repetition's enqueue rate in calls of ``per_call``: the median of its samples."""
    if per_call == 1:
        return figures.enqueue_single
    return median(figures.enqueue_batch)


def enqueue_ratio(ours: SystemRuns, theirs: SystemRuns, per_call: int) -> float | None:
    """The median over repetitions of the enqueue ratio measured within each repetition."""
    ratios = [
        a / b
        for ours_run, theirs_run in zip(ours.runs, theirs.runs, strict=False)
        if (a := _enqueue_rate(ours_run, per_call)) and (b := _enqueue_rate(theirs_run, per_call))
    ]
    return median(ratios)


def system_table(systems: Sequence[SystemRuns], options: Options) -> list[str]:
    workers = () if options.enqueue_only else options.workers
    head = (
        ["system", f"enqueue, {ENQUEUE_BATCH}/call (tasks/s)", "enqueue, 1/call (tasks/s)"]
        + [f"claim+complete, {w} worker{'s' if w > 1 else ''} (tasks/s)" for w in workers]
        + ([] if options.enqueue_only else ["idle latency p50 (ms)", "idle latency p99 (ms)"])
    )
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for system in systems:
        if not system.runs:
            cells = [NOT_MEASURED] * (len(head) - 1)
        elif options.enqueue_only:
            cells = [_rate(system.enqueue(ENQUEUE_BATCH)), _rate(system.enqueue(1))]
        else:
            runs = system.runs
            cells = [
                _rate(system.enqueue(ENQUEUE_BATCH)),
                _rate(system.enqueue(1)),
                *(_rate(system.drain(w)) for w in workers),
                _ms(median([r.latency_p50 for r in runs if r.latency_p50 is not None])),
                _ms(median([r.latency_p99 for r in runs if r.latency_p99 is not None])),
            ]
        lines.append(f"| {system.label} | " + " | ".join(cells) + " |")
    return lines


def settings_list(systems: Sequence[SystemRuns]) -> list[str]:
    lines = []
    for system in systems:
        note = f" **Not measured: {system.missing}**" if system.missing else ""
        runs = f" ({len(system.runs)} repetition{'s' if len(system.runs) != 1 else ''})"
        lines.append(f"- **{system.label}**{runs if system.runs else ''}: {system.settings}.{note}")
    return lines


def targets_table(by_key: dict[str, SystemRuns], options: Options) -> list[str]:
    head = ["target (claim+complete)", "at least"] + [
        f"{w} worker{'s' if w > 1 else ''}" for w in options.workers
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for target in TARGETS:
        ours, theirs = by_key.get(target.ours), by_key.get(target.theirs)
        cells = []
        for w in options.workers:
            value = None if ours is None or theirs is None else ratio(ours, theirs, w)
            cells.append(
                NOT_MEASURED if value is None else _verdict(value, value >= target.at_least)
            )
        lines.append(f"| {target.title} | {target.at_least:g}× | " + " | ".join(cells) + " |")
    return lines


def enqueue_targets_table(by_key: dict[str, SystemRuns]) -> list[str]:
    """veribot's enqueue rate ÷ the other queue's on the same backend, per call size."""
    head = ["target (enqueue)", "at least", f"{ENQUEUE_BATCH}/call", "1/call"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for target in ENQUEUE_TARGETS:
        ours, theirs = by_key.get(target.ours), by_key.get(target.theirs)
        cells = []
        for per_call in (ENQUEUE_BATCH, 1):
            value = None
            if ours is not None and theirs is not None:
                value = enqueue_ratio(ours, theirs, per_call)
            cells.append(
                NOT_MEASURED if value is None else _verdict(value, value >= target.at_least)
            )
        lines.append(f"| {target.title} | {target.at_least:g}× | " + " | ".join(cells) + " |")
    return lines


def other_targets_table(by_key: dict[str, SystemRuns], probes: dict[str, ProbeRuns]) -> list[str]:
    """Idle wake-up and priority targets, one column per veribot backend."""
    keys = [key for key in ("veribot", "veribot_sqlite") if key in by_key]
    head = ["target", "bound", *(by_key[key].label for key in keys)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    wake, cycles = [], []
    for key in keys:
        runs = by_key[key].runs
        p50 = median([r.latency_p50 for r in runs if r.latency_p50 is not None])
        wake.append(
            NOT_MEASURED
            if p50 is None
            else f"{p50 * 1000:.1f} ms ({'met' if p50 * 1000 <= LATENCY_TARGET_MS else 'not met'})"
        )
        probe = probes.get(key)
        worst = max(probe.cycles) if probe and probe.cycles else None
        cycles.append(
            NOT_MEASURED
            if worst is None
            else f"{worst} ({'met' if worst <= PRIORITY_TARGET_CYCLES else 'not met'})"
        )
    lines.append(
        f"| idle wake-up p50 (median of repetitions) | ≤ {LATENCY_TARGET_MS:g} ms | "
        + " | ".join(wake)
        + " |"
    )
    lines.append(
        "| high-priority task during a drain, claim cycles until it starts (worst repetition) "
        f"| ≤ {PRIORITY_TARGET_CYCLES} | " + " | ".join(cycles) + " |"
    )
    return lines


def probe_table(probes: Sequence[ProbeRuns]) -> list[str]:
    lines = [
        "| pool | claim cycles until it starts (median / worst) | wait after submit (ms, median) "
        "| low tasks waiting at submit (median) | target ≤ 2 cycles (worst repetition) |",
        "|---|---|---|---|---|",
    ]
    for probe in probes:
        if not probe.cycles:
            reason = f" ({probe.missing})" if probe.missing else ""
            lines.append(f"| {probe.label} | {NOT_MEASURED}{reason} | | | |")
            continue
        worst = max(probe.cycles)
        cycles_median = median([float(c) for c in probe.cycles])
        behind = median([float(b) for b in probe.behind])
        met = "met" if worst <= PRIORITY_TARGET_CYCLES else "not met"
        lines.append(
            f"| {probe.label} | {cycles_median:g} / {worst} | {_ms(median(probe.waits))} "
            f"| {behind:,.0f} | {met} |"
        )
    return lines


def render(
    *,
    command: str,
    header: Sequence[str],
    systems: Sequence[SystemRuns],
    probes: Sequence[ProbeRuns],
    options: Options,
    method: Sequence[str],
) -> str:
    by_key = {s.key: s for s in systems}
    title = "The task pool (issues 3 and 17)"
    if options.enqueue_only:
        title = "Enqueue into the task pool (issue 17)"
    lines = [f"## {title}", ""]
    lines += [
        "Written by `bench/pool.py` from one run of the command below; every figure comes "
        "from that run, and whatever it could not measure says so. Run it again to refresh.",
        "",
        f"Command: `{command}`",
        "",
    ]
    lines += [*header, ""]
    for backend in ("PostgreSQL", "SQLite"):
        group = [s for s in systems if s.backend == backend]
        if not group:
            continue
        lines += [f"### {backend}", ""]
        lines += [*system_table(group, options), ""]
        lines += [*settings_list(group), ""]
    lines += [
        "### Targets (issues 3 and 17)",
        "",
        "Ratios are taken within each repetition, then the median.",
        "",
    ]
    if options.enqueue_only:
        lines += [*enqueue_targets_table(by_key), ""]
        lines += ["### Method", "", *method, ""]
        return "\n".join(lines)
    lines += [*targets_table(by_key, options), ""]
    lines += [*enqueue_targets_table(by_key), ""]
    probes_by_key = {p.key: p for p in probes}
    lines += [*other_targets_table(by_key, probes_by_key), ""]
    lines += [
        "### Priority during a drain (veribot)",
        "",
        f"{options.priority_tasks:,} low-priority tasks queued; {options.priority_workers} "
        f"worker processes drain them claiming ≤{options.claim_batch} per cycle; when a fifth "
        "is claimed, one high-priority task is submitted. Counted: the claim cycles of any "
        "worker that ended after the submit returned, up to and including the one that took "
        "the high-priority task.",
        "",
    ]
    lines += [*probe_table(probes), ""]
    lines += ["### Method", "", *method, ""]
    return "\n".join(lines)
