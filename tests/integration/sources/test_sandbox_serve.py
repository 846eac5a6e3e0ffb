"""``veribot sandbox serve`` as a user runs it: a child process on a loopback port."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers.sandbox_service import World, free_port

VERIBOT = str(Path(sys.executable).parent / "veribot")


@pytest.fixture
def served(world: World) -> Iterator[str]:
    port = free_port()
    command = [
        VERIBOT,
        "sandbox",
        "serve",
        "--world",
        str(world.folder),
        "--port",
        str(port),
        "--token",
        "t0k",
        "--delay-ms",
        "1",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/healthz").raise_for_status()
                break
            except httpx.HTTPError:
                assert process.poll() is None, "did not start"
                assert time.monotonic() < deadline, "did not start"
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        # uvicorn shuts down gracefully, then re-raises the signal it caught
        assert process.wait(timeout=10) in (0, -signal.SIGTERM)


def test_serve_answers_the_apis_and_switches_faults(served: str, world: World) -> None:
    person = world.people[0]
    headers = {"Authorization": "Bearer t0k"}
    answer = httpx.post(
        served + "/api/telecom/owner", json={"phone": person.phone}, headers=headers
    )
    assert answer.status_code == 200
    assert answer.json()["record"]["id_number"] == person.id_number
    assert (
        httpx.post(served + "/api/telecom/owner", json={"phone": person.phone}).status_code == 401
    )
    bad = httpx.post(served + "/api/gov_identity/lookup", json={"id": 1}, headers=headers)
    assert bad.status_code == 422

    assert httpx.get(served + "/control/faults").json()["delay_ms"] == 1
    httpx.put(served + "/control/faults", json={"error_rate": 1, "error_status": 502})
    down = httpx.post(served + "/api/telecom/owner", json={"phone": person.phone}, headers=headers)
    assert down.status_code == 502
    assert "/api/blacklist/screen" in httpx.get(served + "/openapi.json").json()["paths"]


def test_serve_refuses_a_folder_without_registries(tmp_path: Path) -> None:
    done = subprocess.run(
        [VERIBOT, "sandbox", "serve", "--world", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "lacks gov_identity.csv" in done.stderr
    assert "veribot sandbox world" in done.stderr


def test_serve_stays_on_loopback(world: World) -> None:
    done = subprocess.run(
        [VERIBOT, "sandbox", "serve", "--world", str(world.folder), "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "loopback only" in done.stderr
