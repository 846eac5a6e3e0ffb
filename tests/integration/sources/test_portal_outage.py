"""A web portal that is down: the ``portal`` robot reports an outage, the worker waits.

The robot drives real Chromium; the portal is the sandbox service's, on its own loopback port,
absent at first and started once the worker has met the outage twice (a circuit of one
failure, open for a few seconds). The other registries stay up, over HTTP.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loguru import logger

from robotlib.config import Config, SourceConfig
from robotlib.errors import SourceOutage
from robotlib.model import Application, Decision, ReasonCode, TaskStatus
from robotlib.plugins.host import get_source_factories
from robotlib.sandbox.service.app import create_app
from robotlib.sandbox.service.server import ServerThread
from robotlib.sources.portal_plugin import make_portal_source
from robotlib.sources.portal_source import PortalSocialSecurity
from scheduler.pool import SqlitePool
from scheduler.settings import WorkerSettings
from scheduler.worker import Worker
from tests.helpers.keys import session_keyring
from tests.helpers.registry_bot import REGISTRIES, RegistryChecksBot
from tests.helpers.sandbox_service import TOKEN, Service, World, free_port

#: how long the portal's circuit stays open: the worker's postponement of its tasks
CIRCUIT_RESET_SECONDS = 3.0


def portal_options(port: int, **options: Any) -> dict[str, Any]:
    return {
        "type": "portal",
        "url": f"http://127.0.0.1:{port}/portal/",
        "username": "robot",
        "password": "sandbox",
        "timeout_seconds": 5,
        "failures": "failures",
        **options,
    }


def test_an_unreachable_portal_is_an_outage_and_its_open_circuit_names_the_trial(
    tmp_path: Path,
) -> None:
    port = free_port()
    config = SourceConfig.model_validate(
        portal_options(port, circuit_failures=2, circuit_reset_seconds=60)
    )
    source = make_portal_source("social_security", config, tmp_path)
    assert isinstance(source, PortalSocialSecurity)
    try:
        unreachable = r"portal unreachable: .*ERR_CONNECTION_REFUSED"
        with pytest.raises(SourceOutage, match=unreachable) as first:
            source.lookup("110101199003071234")
        # one failure of two: the circuit is still closed, the worker backs off by itself
        assert (first.value.source, first.value.trial_at) == ("social_security", None)
        opened = time.time()
        opening = r"circuit open after 2 failed requests \(last: portal unreachable: .*\); next"
        with pytest.raises(SourceOutage, match=opening) as second:
            source.lookup("110101199003071234")
        assert second.value.trial_at is not None
        assert opened <= second.value.trial_at <= time.time() + 60, second.value.trial_at
        # while open, the circuit fails at once and keeps its trial time
        with pytest.raises(
            SourceOutage, match="circuit open after 2 failed requests; next"
        ) as third:
            source.lookup("110101199003071234")
        assert third.value.trial_at == second.value.trial_at
        messages = str(first.value) + str(second.value) + str(third.value)
        assert "110101199003071234" not in messages
    finally:
        source.close()


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[SqlitePool]:
    with SqlitePool(tmp_path / "pool.db", keyring=session_keyring()) as pool:
        yield pool


def registries_with_a_portal(service: Service, portal_port: int, folder: Path) -> Config:
    """The registries over HTTP, social security through the portal robot."""
    http = {"type": "http", "url": service.url + "/api", "auth_token": f"Bearer {TOKEN}"}
    sources = {name: SourceConfig.model_validate(http) for name in REGISTRIES}
    sources["social_security"] = SourceConfig.model_validate(
        portal_options(portal_port, circuit_failures=1, circuit_reset_seconds=CIRCUIT_RESET_SECONDS)
    )
    return Config(base_dir=folder, sources=sources)


def test_a_worker_postpones_portal_tasks_while_the_portal_is_down_and_decides_them_after(
    service: Service, world: World, pool: SqlitePool, tmp_path: Path
) -> None:
    people = world.people[1:4]
    pool.submit(
        [
            Application.model_validate(
                {
                    "ref": f"P-{i}",
                    "kind": "registry_checks",
                    "applicant": {"name": p.name, "id_number": p.id_number, "phone": p.phone},
                }
            )
            for i, p in enumerate(people)
        ],
        {"registry_checks": RegistryChecksBot.scopes},
    )
    port = free_port()
    worker = Worker(
        registries_with_a_portal(service, port, tmp_path),
        pool,
        settings=WorkerSettings(lease_seconds=30, poll_seconds=0.05),
        bots={"registry_checks": RegistryChecksBot},
        source_factories=get_source_factories(),
    )
    postponed: list[str] = []
    sink = logger.add(
        lambda message: postponed.append(message.record["extra"]["task"]),
        filter=lambda record: record["message"].startswith("postponed"),
        level="WARNING",
    )
    portal = ServerThread(create_app(world.folder, token=TOKEN), port=port)
    while_down: dict[str, Any] = {}
    finished = threading.Event()

    def portal_back_after_two_postponements() -> None:
        while len(postponed) < 2:
            if finished.wait(0.05):
                return
        while_down["counts"] = pool.counts()
        while_down["attempts"] = {r.ref: r.attempts for r in pool.results(TaskStatus.FAILED)}
        portal.start()

    restarting = threading.Thread(target=portal_back_after_two_postponements, daemon=True)
    restarting.start()
    try:
        worker.run(threading.Event(), until_empty=True)
    finally:
        finished.set()
        logger.remove(sink)
        robot = worker.sources["social_security"]
        assert isinstance(robot, PortalSocialSecurity)
        robot.close()
        if portal.thread.is_alive():
            portal.stop()
    restarting.join(timeout=5)

    statuses = {r.ref: r.status for r in pool.results()}
    assert while_down, f"the worker never postponed a task twice: {statuses}"
    # nothing decided while the portal was down; the task that met the outage kept its attempt
    assert while_down["counts"][TaskStatus.DONE] == 0, while_down
    assert set(while_down["attempts"].values()) == {0}, while_down
    # while the circuit was open the worker claimed no portal task: one per trial met it
    assert len(postponed) == 2, postponed
    results = {r.ref: r for r in pool.results()}
    assert {ref: r.status for ref, r in results.items()} == dict.fromkeys(
        ("P-0", "P-1", "P-2"), TaskStatus.DONE
    )
    assert {ref: r.attempts for ref, r in results.items()} == dict.fromkeys(results, 1)
    unavailable = [ref for ref, r in results.items() if ReasonCode.SOURCE_UNAVAILABLE in r.reasons]
    assert unavailable == []
    assert results["P-2"].decision is Decision.APPROVE, results["P-2"]
