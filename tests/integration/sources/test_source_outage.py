"""A registry that goes away in the middle of a backlog: the backlog waits, nothing dies.

The sandbox service on loopback serves the four registries to a worker running the
personal-account bot's registry checks (no OCR) over 200 applications; the service is
stopped part-way for ``VERIBOT_TEST_OUTAGE_SECONDS`` (default 60) and started again on the
same port. The worker and the sources run with their default settings (circuit open for 30 s,
``[sources] outage_budget`` one hour).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from robotlib.config import Config, SourceConfig
from robotlib.model import Application, Decision, ResultRecord, TaskStatus
from robotlib.plugins.host import get_source_factories
from robotlib.sandbox.people.person import Person
from robotlib.sandbox.service.app import create_app
from robotlib.sandbox.service.server import ServerThread
from scheduler.pool import SqlitePool
from scheduler.worker import Worker
from tests.helpers.keys import session_keyring
from tests.helpers.registry_bot import REGISTRIES, RegistryChecksBot
from tests.helpers.sandbox_service import TOKEN, World, free_port

OUTAGE_SECONDS = float(os.environ.get("VERIBOT_TEST_OUTAGE_SECONDS", "60"))
TASKS = 200
#: the outage starts once this many tasks are decided
DECIDED_BEFORE_OUTAGE = 40


def applications(people: list[Person], prefix: str, count: int) -> list[Application]:
    """``count`` applications by ``people`` in turn."""
    return [
        Application.model_validate(
            {
                "ref": f"{prefix}-{i:03d}",
                "kind": "registry_checks",
                "applicant": {
                    "name": people[i % len(people)].name,
                    "id_number": people[i % len(people)].id_number,
                    "phone": people[i % len(people)].phone,
                },
            }
        )
        for i in range(count)
    ]


def http_config(url: str, folder: Path) -> Config:
    """The four registries over HTTP with every retry, circuit and outage setting at its
    default."""
    options = {"url": url + "/api", "auth_token": f"Bearer {TOKEN}"}
    return Config(
        base_dir=folder,
        sources={
            name: SourceConfig.model_validate({"type": "http", **options}) for name in REGISTRIES
        },
    )


def worker(config: Config, pool: SqlitePool) -> Worker:
    return Worker(
        config,
        pool,
        bots={"registry_checks": RegistryChecksBot},
        source_factories=get_source_factories(),
    )


def decided(pool: SqlitePool) -> int:
    return pool.counts()[TaskStatus.DONE]


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def registry(world: World, port: int) -> Iterator[ServerThread]:
    server = ServerThread(create_app(world.folder, token=TOKEN), port=port).start()
    yield server
    server.stop()


def reference_decisions(
    world: World, people: list[Person], url: str, folder: Path
) -> dict[str, tuple[Decision | None, list[str]]]:
    """What each applicant's application gets with the registries up all along, by name."""
    with SqlitePool(folder / "reference.db", keyring=session_keyring()) as pool:
        pool.submit(
            applications(people, "REF", len(people)), {"registry_checks": RegistryChecksBot.scopes}
        )
        worker(http_config(url, folder), pool).run(threading.Event(), until_empty=True)
        results = list(pool.results())
    assert all(r.status is TaskStatus.DONE for r in results), results
    return {
        people[int(r.ref.removeprefix("REF-"))].name: (r.decision, sorted(r.reasons))
        for r in results
    }


def test_a_registry_down_mid_backlog_delays_the_tasks_and_kills_none(
    world: World, registry: ServerThread, port: int, tmp_path: Path
) -> None:
    people = [*world.people, world.stranger]
    expected = reference_decisions(world, people, registry.url, tmp_path)
    assert {decision for decision, _ in expected.values()} >= {Decision.APPROVE}, expected
    backlog = applications(people, "B", TASKS)
    by_ref = {app.ref: app.applicant.name for app in backlog}
    config = http_config(registry.url, tmp_path)
    with SqlitePool(tmp_path / "pool.db", keyring=session_keyring()) as pool:
        pool.submit(backlog, {"registry_checks": RegistryChecksBot.scopes})
        stop = threading.Event()
        running = threading.Thread(
            target=lambda: worker(config, pool).run(stop, until_empty=True), daemon=True
        )
        running.start()
        while decided(pool) < DECIDED_BEFORE_OUTAGE and running.is_alive():
            time.sleep(0.05)

        registry.stop()
        stopped_at = time.time()
        time.sleep(OUTAGE_SECONDS)
        restarted_at = time.time()
        postponed_during_outage = pool.counts()[TaskStatus.FAILED]
        back = ServerThread(create_app(world.folder, token=TOKEN), port=port).start()
        try:
            running.join(timeout=OUTAGE_SECONDS + 120)
            stop.set()
            assert not running.is_alive(), pool.counts()
        finally:
            back.stop()
        results: list[ResultRecord] = list(pool.results())
        timings = {timing.ref: timing for timing in pool.timings()}

    assert len(results) == TASKS
    dead = [r.ref for r in results if r.status is not TaskStatus.DONE]
    assert dead == [], f"not decided: {dead}"
    wrong = {
        r.ref: (r.decision, r.reasons)
        for r in results
        if (r.decision, sorted(r.reasons)) != expected[by_ref[r.ref]]
    }
    assert wrong == {}, f"decided otherwise than with the registries up: {wrong}"
    # a postponement is no attempt: every task was decided by its first and only attempt
    assert {r.ref: r.attempts for r in results if r.attempts != 1} == {}
    # nothing was decided while the registries were down (a task finishing its last query
    # as the service stopped gets a second to be stored)
    during = [
        ref
        for ref, timing in timings.items()
        if timing.finished_at is not None and stopped_at + 1 < timing.finished_at < restarted_at
    ]
    assert during == [], f"decided while the registries were down: {during}"
    # the worker stopped claiming while the circuit was open: a handful of tasks met the
    # outage, not the backlog
    assert 1 <= postponed_during_outage <= 10, postponed_during_outage
