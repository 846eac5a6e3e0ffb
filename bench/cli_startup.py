"""Benchmark of CLI start-up: ``veribot --help`` and ``veribot status``, two trees in one run.

    .venv/bin/python bench/cli_startup.py --before ../main [--runs N] [--no-write]

Each tree (``--before``, an earlier checkout; ``--after``, default this one) is imported from
its own folder (``PYTHONPATH``) by the same interpreter, through the console script's
``main()``. ``status`` reads a small SQLite pool that the tree itself made (a 20-applicant
world without photos, submitted), so neither tree reads a pool of the other's schema. The
runs of the two trees alternate, after one warm-up run each (bytecode compiled, files cached);
the figures are the medians over ``--runs`` runs of a fresh process of its wall time and of its
CPU time (user + system; on a shared machine the wall time mostly measures the others' load).
It also counts the modules a plain ``--help`` leaves loaded and names the heavy ones among
them.

Writes its section of docs/benchmarks.md (unless ``--no-write``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from docs_section import BENCHMARKS_MD, machine_line, write_section  # noqa: E402

#: ``veribot ARGS`` as the console script runs it, in a fresh interpreter
RUN_CLI = (
    "import sys\nfrom robotlib.cli.app import main\nsys.argv = ['veribot', *sys.argv[1:]]\nmain()\n"
)
#: the same, then the names of the loaded modules on stderr
PROBE = (
    "import json, sys\n"
    "from robotlib.cli.app import main\n"
    "sys.argv = ['veribot', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
)
#: top-level packages that a bot worker's host should not have to load for ``--help``
HEAVY = ("robotlib.sandbox", "fastapi", "uvicorn", "starlette")


@dataclass(frozen=True)
class Timing:
    """One run of a command, in seconds."""

    wall: float
    #: user + system time of the process
    cpu: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Tree:
    """One checkout of veribot, measured with its own pool."""

    label: str
    folder: Path
    config: Path
    #: the working folder of every run: not a checkout, whose code ``-c`` would import first
    cwd: Path

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-c", RUN_CLI, *args]

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.folder), "VERIBOT_CONFIG": str(self.config)}

    def run(self, *args: str) -> Timing:
        """How long ``veribot ARGS`` took, start to exit, and the CPU it used."""
        cpu_before = _children_cpu()
        started = time.perf_counter()
        subprocess.run(
            self.command(*args),
            env=self.env(),
            cwd=self.cwd,
            check=True,
            capture_output=True,
            timeout=300,
        )
        return Timing(time.perf_counter() - started, _children_cpu() - cpu_before)

    def loaded_by_help(self) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, "--help"],
            env=self.env(),
            cwd=self.cwd,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        return list(json.loads(done.stderr.strip().splitlines()[-1]))


def commit_of(folder: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "unknown"


def prepare(label: str, folder: Path, work: Path) -> Tree:
    """A tree with a small SQLite pool made by its own code: a world without photos,
    submitted."""
    world = work / label / "world"
    tree = Tree(label, folder, world / "veribot.toml", work)
    env = {**os.environ, "PYTHONPATH": str(folder)}
    env.pop("VERIBOT_CONFIG", None)
    for args in (
        ["sandbox", "world", "--people", "20", "--no-photos", "--out", str(world)],
        ["-c", str(tree.config), "submit", str(world / "applications.jsonl")],
    ):
        subprocess.run(
            [sys.executable, "-c", RUN_CLI, *args],
            env=env,
            cwd=work,
            check=True,
            capture_output=True,
            timeout=600,
        )
    return tree


def measure(trees: list[Tree], commands: list[list[str]], runs: int) -> dict[str, list[Timing]]:
    """Timings by ``"<label> <command>"``, the trees alternating run by run."""
    times: dict[str, list[Timing]] = {}
    for args in commands:
        for tree in trees:
            tree.run(*args)
        for _ in range(runs):
            for tree in trees:
                times.setdefault(f"{tree.label} {' '.join(args)}", []).append(tree.run(*args))
    return times


def heavy_modules(modules: list[str]) -> list[str]:
    """The top-level names of the ``HEAVY`` packages among ``modules``."""
    found = {h for h in HEAVY for m in modules if m == h or m.startswith(h + ".")}
    return sorted(found)


def report(
    trees: list[Tree], commands: list[list[str]], times: dict[str, list[Timing]], runs: int
) -> str:
    before, after = trees
    lines = [
        "## CLI start-up (issue 17)",
        "",
        f"Command: `.venv/bin/python bench/cli_startup.py --before {before.folder} --runs {runs}`"
        f" (before: {before.folder} at {commit_of(before.folder)}; after: this tree at "
        f"{commit_of(after.folder)}). Medians of {runs} fresh processes per tree and command, "
        "the trees alternating; `status` on a SQLite pool of 20 applications. CPU is user + "
        "system time of the process, the figure to compare on a loaded machine.",
        "",
        "| command | CPU before | CPU after | after / before | wall before | wall after |",
        "|---|---|---|---|---|---|",
    ]
    for args in commands:
        shown = " ".join(args)
        b = times[f"{before.label} {shown}"]
        a = times[f"{after.label} {shown}"]
        b_cpu, a_cpu = (statistics.median(t.cpu for t in runs_) for runs_ in (b, a))
        b_wall, a_wall = (statistics.median(t.wall for t in runs_) for runs_ in (b, a))
        lines.append(
            f"| `veribot {shown}` | {b_cpu * 1000:.0f} ms | {a_cpu * 1000:.0f} ms | "
            f"{a_cpu / b_cpu:.2f} | {b_wall * 1000:.0f} ms | {a_wall * 1000:.0f} ms |"
        )
    lines += ["", "What a plain `veribot --help` leaves imported:", ""]
    for tree in trees:
        loaded = tree.loaded_by_help()
        heavy = ", ".join(heavy_modules(loaded)) or "none of them"
        lines.append(f"- {tree.label}: {len(loaded)} modules; of {', '.join(HEAVY)}: {heavy}")
    lines += ["", machine_line()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="an earlier checkout")
    parser.add_argument("--after", type=Path, default=ROOT, help="default: this checkout")
    parser.add_argument("--runs", type=int, default=15, help="runs per tree and command")
    parser.add_argument("--no-write", action="store_true", help="print, do not write docs")
    args = parser.parse_args()
    commands = [["--help"], ["status"]]
    with tempfile.TemporaryDirectory(prefix="veribot-cli-") as work:
        trees = [
            prepare("before", args.before.resolve(), Path(work)),
            prepare("after", args.after.resolve(), Path(work)),
        ]
        times = measure(trees, commands, args.runs)
        markdown = report(trees, commands, times, args.runs)
    print(markdown)
    if not args.no_write:
        write_section(BENCHMARKS_MD, "cli_startup", markdown)


if __name__ == "__main__":
    main()
