"""One benchmark's section of docs/benchmarks.md, replaced in place.

Several benchmarks share docs/benchmarks.md. Each owns the lines between
``<!-- bench:NAME:begin -->`` and ``<!-- bench:NAME:end -->`` and rewrites only those, so
a run of one benchmark never erases another's figures. A missing section is appended.
"""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS_MD = ROOT / "docs" / "benchmarks.md"
TITLE = "# Benchmarks\n\nEach section is written by the benchmark it names; rerun it to refresh.\n"


def markers(name: str) -> tuple[str, str]:
    """The begin and end marker lines of section ``name``."""
    return f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"


def write_section(path: Path, name: str, markdown: str) -> None:
    """Put ``markdown`` between the markers of section ``name`` in ``path``."""
    begin, end = markers(name)
    text = path.read_text(encoding="utf-8") if path.exists() else TITLE
    block = f"{begin}\n{markdown.strip()}\n{end}"
    start = text.find(begin)
    stop = text.find(end, start + len(begin)) if start >= 0 else -1
    if start >= 0 and stop < 0:
        raise ValueError(f"{path}: {begin} has no {end}")
    if start >= 0:
        text = text[:start] + block + text[stop + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def machine_line() -> str:
    """Cores, kernel, Python and the commit measured."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"Machine: {os.cpu_count()} cores, Linux {platform.release()}, Python "
        f"{platform.python_version()}; shared and noisy (load average {load} when the run "
        f"ended), so compare within one run; veribot at commit {commit or 'unknown'}."
    )
