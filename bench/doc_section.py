"""One benchmark's section of docs/benchmarks.md, replaced in place between its markers."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS_MD = ROOT / "docs" / "benchmarks.md"


def write_section(name: str, markdown: str, path: Path = BENCHMARKS_MD) -> None:
    """Put ``markdown`` between ``<!-- begin NAME -->`` and ``<!-- end NAME -->`` in ``path``,
    replacing what an earlier run wrote there, or append it."""
    begin, end = f"<!-- begin {name} -->", f"<!-- end {name} -->"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def write_keeping_sections(path: Path, markdown: str) -> None:
    """Write ``markdown`` as the whole of ``path`` but keep the other benchmarks' marked
    sections (``write_section``) that it holds, after it."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    marked = re.finditer(r"<!-- begin (\S+) -->\n.*?<!-- end \1 -->", text, flags=re.S)
    kept = "".join("\n" + block.group(0) + "\n" for block in marked)
    path.write_text(markdown.rstrip("\n") + "\n" + kept, encoding="utf-8")


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
