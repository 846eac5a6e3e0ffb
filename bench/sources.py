"""Benchmark of the source connectors against the sandbox service on loopback.

    .venv/bin/python bench/sources.py [--calls N] [--repeat R] [--no-write]

The service (``veribot sandbox serve``) runs in its own process over a synthetic world of
registries. Measured in this process:

- http: ``HttpRecords.lookup`` (retries, circuit breaker, concurrency cap, answer
  validated into a record) against a bare ``httpx.Client.post`` + ``json()`` to the same
  endpoint, calls interleaved one for one; the overhead is the difference of the medians.
- portal: ``PortalSocialSecurity.lookup`` with a warm browser (logged in, page open):
  fill the search form, read the person table, follow the pagination.

Writes its section of docs/benchmarks.md (unless ``--no-write``).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

from docs_section import BENCHMARKS_MD, machine_line, write_section  # noqa: E402
from pool_harness import percentile  # noqa: E402

from robotlib.config import SourceConfig  # noqa: E402
from robotlib.sandbox.service.portal import PAGE_SIZE  # noqa: E402
from robotlib.sandbox.world import plan_world  # noqa: E402
from robotlib.sources.base import GovIdentitySource  # noqa: E402
from robotlib.sources.http_sources import make_http_source  # noqa: E402
from robotlib.sources.portal_plugin import make_portal_source  # noqa: E402
from robotlib.sources.portal_source import PortalSocialSecurity  # noqa: E402

VERIBOT = str(Path(sys.executable).parent / "veribot")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def sandbox_service(world: Path) -> Iterator[str]:
    """``veribot sandbox serve`` in a child process; yields its base URL once it answers."""
    port = free_port()
    command = [VERIBOT, "sandbox", "serve", "--world", str(world), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/healthz").raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the sandbox service did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def numbers_of(world: Path) -> list[str]:
    with (world / "gov_identity.csv").open(encoding="utf-8") as handle:
        return [row["id_number"] for row in csv.DictReader(handle)]


def bench_http(url: str, numbers: list[str], calls: int, repeat: int) -> dict[str, float]:
    config = SourceConfig.model_validate({"type": "http", "url": url + "/api"})
    source = make_http_source("gov_identity", config, ROOT)
    assert isinstance(source, GovIdentitySource)
    bare = httpx.Client(base_url=url + "/api/")
    rounds = []
    for _ in range(repeat):
        ours, theirs = [], []
        for i in range(calls):
            number = numbers[i % len(numbers)]
            body = {"id_number": number}
            started = time.perf_counter()
            bare.post("gov_identity/lookup", json=body).json()
            middle = time.perf_counter()
            source.lookup(number)
            theirs.append(middle - started)
            ours.append(time.perf_counter() - middle)
        rounds.append((statistics.median(theirs), statistics.median(ours), percentile(ours, 0.99)))
    bare.close()
    bare_p50 = statistics.median(r[0] for r in rounds)
    ours_p50 = statistics.median(r[1] for r in rounds)
    return {
        "bare_p50_ms": bare_p50 * 1e3,
        "ours_p50_ms": ours_p50 * 1e3,
        "ours_p99_ms": statistics.median(r[2] for r in rounds) * 1e3,
        "overhead_ms": statistics.median(r[1] - r[0] for r in rounds) * 1e3,
        "ratio": statistics.median(r[1] / r[0] for r in rounds),
    }


def render_http(figures: dict[str, float], calls: int, repeat: int) -> list[str]:
    met = "met" if figures["overhead_ms"] <= 2 else "not met"
    return [
        "### http connector",
        "",
        f"{calls:,} interleaved lookups per round, {repeat} rounds; medians of the per-round "
        "figures. Bare: `httpx.Client.post` + `.json()`; connector: "
        "`HttpRecords.lookup` of `gov_identity` (retry wrapper, circuit breaker, concurrency "
        "cap, answer validated into a `GovIdentityRecord`).",
        "",
        "| call | p50 (ms) | p99 (ms) |",
        "|---|---|---|",
        f"| bare httpx | {figures['bare_p50_ms']:.3f} | |",
        f"| http connector | {figures['ours_p50_ms']:.3f} | {figures['ours_p99_ms']:.3f} |",
        "",
        f"Overhead p50: {figures['overhead_ms']:.3f} ms ({figures['ratio']:.2f}× the bare "
        f"call); target ≤ 2 ms: {met}.",
    ]


def bare_portal_lookup(client: httpx.Client, number: str) -> int:
    """The portal's pages fetched without a browser: search, then every results page."""
    client.post("search", data={"id_number": number})
    rows, page = 0, 1
    while True:
        html = client.get("results", params={"page": page}).text
        rows += html.count("<tr><td>")
        if "id='next'" not in html:
            return rows
        page += 1


def bench_portal(url: str, numbers: list[str], lookups: int) -> dict[str, float]:
    config = SourceConfig.model_validate(
        {"type": "portal", "url": url + "/portal/", "username": "robot", "password": "sandbox"}
    )
    source = make_portal_source("social_security", config, ROOT / "var")
    assert isinstance(source, PortalSocialSecurity)
    bare = httpx.Client(base_url=url + "/portal/", follow_redirects=True)
    bare.post("login", data={"username": "robot", "password": "sandbox"})
    started = time.perf_counter()
    source.lookup(numbers[0])  # starts the browser and logs in: the warm-up
    cold = time.perf_counter() - started
    ours, theirs, pages = [], [], []
    for number in numbers[1 : lookups + 1]:
        started = time.perf_counter()
        record = source.lookup(number)
        middle = time.perf_counter()
        bare_portal_lookup(bare, number)
        ours.append(middle - started)
        theirs.append(time.perf_counter() - middle)
        months = record.contribution_months if record else 0
        pages.append(max(1, -(-months // PAGE_SIZE)))
    source.close()
    bare.close()
    return {
        "cold_s": cold,
        "ours_p50_s": statistics.median(ours),
        "ours_max_s": max(ours),
        "bare_p50_s": statistics.median(theirs),
        "ratio": statistics.median(o / t for o, t in zip(ours, theirs, strict=True)),
        "pages_p50": statistics.median(pages),
        "lookups": len(ours),
    }


def render_portal(figures: dict[str, float]) -> list[str]:
    met = "met" if figures["ours_p50_s"] <= 1 else "not met"
    return [
        "",
        "### portal connector",
        "",
        f"{figures['lookups']:.0f} lookups of different people with a warm browser (Chromium "
        "started and logged in by a first lookup, not counted); each fills the search form, "
        f"reads the person table and follows the pagination (median {figures['pages_p50']:g} "
        "pages of history). Baseline: the same pages fetched with httpx, no browser.",
        "",
        "| lookup | median (s) | slowest (s) |",
        "|---|---|---|",
        f"| portal connector (Chromium) | {figures['ours_p50_s']:.3f} | "
        f"{figures['ours_max_s']:.3f} |",
        f"| same pages, bare httpx | {figures['bare_p50_s']:.3f} | |",
        "",
        f"The browser costs {figures['ratio']:.1f}× the bare fetches (median of per-lookup "
        f"ratios); first lookup with browser start and login: {figures['cold_s']:.2f} s. "
        f"Target: median ≤ 1 s with a warm browser: {met}.",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000, help="http lookups per round")
    parser.add_argument("--repeat", type=int, default=3, help="rounds")
    parser.add_argument("--lookups", type=int, default=30, help="portal lookups")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    clock = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="veribot-sources-") as tmp:
        world = Path(tmp)
        plan_world(200, 7, datetime.date.today()).write(world)
        numbers = numbers_of(world)
        with sandbox_service(world) as url:
            http = bench_http(url, numbers, args.calls, args.repeat)
            portal = bench_portal(url, numbers, args.lookups)
    command = "python bench/sources.py" + "".join(f" {a}" for a in (argv or sys.argv[1:]))
    lines = [
        "## Source connectors (issue 5)",
        "",
        f"Written by `bench/sources.py`. Command: `{command}`",
        "",
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC in "
        f"{(time.perf_counter() - clock) / 60:.1f} min, the sandbox service "
        f"(`veribot sandbox serve`) in a separate process on 127.0.0.1 (pid of this "
        f"process: {os.getpid()}). {machine_line()}",
        "",
        *render_http(http, args.calls, args.repeat),
        *render_portal(portal),
    ]
    markdown = "\n".join(lines)
    print(markdown)
    if not args.no_write:
        write_section(BENCHMARKS_MD, "sources", markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
