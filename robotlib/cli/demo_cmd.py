"""``veribot demo``: generate a world, submit it, verify it with workers, score the outcome."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from robotlib.cli.context import console, fail
from robotlib.config import load_config
from robotlib.demo.agreement import Agreement, compare, compare_by_bot, read_expected
from robotlib.demo.folder import MARKER, DemoFolderError, fresh_demo_folder
from robotlib.demo.stats import LatencySummary
from robotlib.intake import read_applications
from robotlib.model import ResultRecord
from robotlib.plugins.host import get_bots
from robotlib.plugins.serving import unserved_kinds
from robotlib.sandbox.world import generate_world
from scheduler.pool import open_configured_pool
from scheduler.runner import RunProgress, run_workers
from scheduler.submission import submit_records


@dataclass
class DemoOutcome:
    """What a demo run decided and how that agrees with the world's expected answers."""

    results: list[ResultRecord]
    agreement: Agreement
    #: the agreement of each bot's applications
    by_bot: dict[str, Agreement]
    service: LatencySummary
    latency: LatencySummary
    verify_seconds: float
    world_seconds: float

    @property
    def throughput(self) -> float:
        """Applications decided per second of verification (submit to last decision)."""
        return len(self.results) / self.verify_seconds if self.verify_seconds else 0.0


def run_demo(
    out: Path,
    people: int,
    seed: int,
    workers: int,
    progress: Progress | None = None,
    merchants: int = 0,
) -> DemoOutcome:
    """Generate a fresh world in ``out``, verify all of it and compare with expected.jsonl.

    :raises DemoFolderError: ``out`` is not empty and was not made by an earlier demo.
    """
    fresh_demo_folder(out)
    started = time.monotonic()
    task = progress.add_task("rendering documents", total=people) if progress else None

    def rendered(done: int, total: int) -> None:
        if progress is not None and task is not None:
            progress.update(task, completed=done, total=total)

    generate_world(people=people, seed=seed, out=out, on_progress=rendered, merchants=merchants)
    return verify_world(out, workers, progress, time.monotonic() - started)


def verify_world(
    out: Path, workers: int, progress: Progress | None = None, world_seconds: float = 0.0
) -> DemoOutcome:
    """Submit the world in ``out`` to its own pool, verify all of it with ``workers``
    processes and compare with its expected.jsonl."""
    config = load_config(out / "veribot.toml")
    intake = read_applications(out / "applications.jsonl")
    pool = open_configured_pool(config)
    verify_started = time.monotonic()
    try:
        submit_records(pool, intake.records, get_bots(), unserved=unserved_kinds(config))
        run_task = progress.add_task("verifying", total=len(intake.records)) if progress else None

        def on_progress(snapshot: RunProgress) -> None:
            if progress is not None and run_task is not None:
                progress.update(run_task, completed=snapshot.done, total=snapshot.total)

        run_workers(config, workers=workers, until_empty=True, on_progress=on_progress)
        verify_seconds = time.monotonic() - verify_started
        results = list(pool.results())
        timings = pool.timings()
    finally:
        pool.close()
    expected = read_expected(out / "expected.jsonl")
    agreement = compare(expected, results)
    return DemoOutcome(
        results=results,
        agreement=agreement,
        by_bot=compare_by_bot(expected, results),
        service=LatencySummary.of([t.service_time for t in timings if t.service_time is not None]),
        latency=LatencySummary.of([t.latency for t in timings if t.latency is not None]),
        verify_seconds=verify_seconds,
        world_seconds=world_seconds,
    )


def demo(
    out: Annotated[
        Path,
        typer.Option(
            help="Folder for the world, the pool and the results: new, empty, or made by an "
            f"earlier demo (it holds {MARKER}), which is replaced. Any other folder is refused."
        ),
    ] = Path("var/demo"),
    people: Annotated[
        int, typer.Option(min=0, max=100_000, help="Personal-account applicants to generate.")
    ] = 100,
    merchants: Annotated[
        int,
        typer.Option(
            min=0, max=100_000, help="Merchant-account applications to add (merchant_account)."
        ),
    ] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic world.")] = 7,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (one OCR thread each).")
    ] = 2,
) -> None:
    """Generate a synthetic world, verify every application, and report agreement.

    Prints decisions, reason counts, throughput, latency percentiles and the agreement with
    the world's expected.jsonl; exits 1 on any false approval.
    """
    columns = (
        TextColumn("{task.description:<20}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=console) as progress:
            outcome = run_demo(out, people, seed, workers, progress, merchants)
    except DemoFolderError as exc:
        fail(str(exc))
    print_summary(outcome, workers)
    if outcome.agreement.false_approvals or outcome.agreement.missing:
        fail(
            f"{len(outcome.agreement.false_approvals)} false approval(s), "
            f"{len(outcome.agreement.missing)} application(s) without a result"
        )


def print_summary(outcome: DemoOutcome, workers: int) -> None:
    """Print the decisions, reasons, throughput, latency and agreement of a demo run."""
    decisions = Counter(str(r.decision) for r in outcome.results)
    reasons = Counter(code for r in outcome.results for code in r.reasons)
    table = Table("decision", "applications", title="Decisions")
    for decision in ("approve", "review", "reject"):
        table.add_row(decision, str(decisions.get(decision, 0)))
    console.print(table)
    reason_table = Table("reason", "applications", title="Reasons")
    for code, count in sorted(reasons.items()):
        reason_table.add_row(code, str(count))
    console.print(reason_table)

    agreement = outcome.agreement
    figures = Table("figure", "value", title="Run")
    figures.add_row("world generation", f"{outcome.world_seconds:.1f} s")
    figures.add_row(
        "verification", f"{outcome.verify_seconds:.1f} s with {workers} worker processes"
    )
    figures.add_row("throughput", f"{outcome.throughput:.2f} applications/s")
    figures.add_row(
        "per application (claim to decision)",
        f"p50 {outcome.service.p50:.2f} s, p95 {outcome.service.p95:.2f} s",
    )
    figures.add_row(
        "submit to decision", f"p50 {outcome.latency.p50:.1f} s, p95 {outcome.latency.p95:.1f} s"
    )
    figures.add_row(
        "decision agreement",
        f"{agreement.decisions_agree}/{agreement.total} ({agreement.decision_rate:.1%})",
    )
    figures.add_row(
        "exact reason agreement",
        f"{agreement.reasons_agree}/{agreement.total} ({agreement.reason_rate:.1%})",
    )
    figures.add_row("false approvals", str(len(agreement.false_approvals)))
    if len(outcome.by_bot) > 1:
        for bot, part in outcome.by_bot.items():
            figures.add_row(
                f"  {bot}",
                f"{part.decisions_agree}/{part.total} decisions, {part.reasons_agree} exact "
                f"reasons, {len(part.false_approvals)} false approvals",
            )
    console.print(figures)
    if agreement.disagreements:
        diff = Table("ref", "expected", "got", title="Disagreements")
        for d in agreement.disagreements:
            diff.add_row(
                d.ref,
                f"{d.expected} {sorted(d.expected_reasons)}",
                f"{d.got} {sorted(d.got_reasons)}",
            )
        console.print(diff)


#: ``robotlib.cli.app`` names this command lazily: the pool, the workers and the sandbox are
#: imported only when the demo runs
demo_app = typer.Typer(add_completion=False)
demo_app.command()(demo)
