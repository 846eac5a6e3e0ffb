"""Source outages end to end: a worker whose registries are the sandbox service's APIs.

A registry that does not answer postpones the task without spending an attempt; the task is
dead for review with ``SOURCE_UNAVAILABLE`` only after ``[sources] outage_budget``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from robotlib.config import Config, SourceConfig
from robotlib.model import Application, Decision, ReasonCode, TaskStatus
from robotlib.plugins.host import get_source_factories
from scheduler.pool import SqlitePool
from scheduler.settings import WorkerSettings
from scheduler.worker import Worker
from tests.helpers.keys import session_keyring
from tests.helpers.registry_bot import REGISTRIES, RegistryChecksBot
from tests.helpers.sandbox_service import TOKEN, Service, World


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[SqlitePool]:
    with SqlitePool(tmp_path / "pool.db", keyring=session_keyring()) as pool:
        yield pool


def drain_one(
    service: Service,
    world: World,
    pool: SqlitePool,
    tmp_path: Path,
    budget: float = 3600,
    circuit_reset: float = 30,
) -> None:
    person = world.people[3]
    options = {
        "url": service.url + "/api",
        "auth_token": f"Bearer {TOKEN}",
        "retries": 1,
        "backoff_seconds": 0.01,
        "circuit_reset_seconds": circuit_reset,
    }
    config = Config(
        base_dir=tmp_path,
        sources={
            "outage_budget": budget,  # type: ignore[dict-item]  # the [sources] key, as in TOML
            **{
                name: SourceConfig.model_validate({"type": "http", **options})
                for name in REGISTRIES
            },
        },
    )
    application = Application.model_validate(
        {
            "ref": "H-1",
            "kind": "registry_checks",
            "applicant": {
                "name": person.name,
                "id_number": person.id_number,
                "phone": person.phone,
            },
        }
    )
    pool.submit([application], {"registry_checks": RegistryChecksBot.scopes})
    settings = WorkerSettings(lease_seconds=5, poll_seconds=0.01, retry_base_seconds=0.01)
    worker = Worker(
        config,
        pool,
        settings=settings,
        bots={"registry_checks": RegistryChecksBot},
        source_factories=get_source_factories(),
    )
    worker.run(threading.Event(), until_empty=True)


def test_registries_down_for_the_whole_outage_budget_end_in_review_never_approve(
    service: Service, world: World, pool: SqlitePool, tmp_path: Path
) -> None:
    service.set(error_rate=1.0)
    drain_one(service, world, pool, tmp_path, budget=0.5, circuit_reset=0.2)
    [result] = pool.results()
    assert (result.status, result.decision) == (TaskStatus.DEAD, Decision.REVIEW)
    assert result.reasons == [ReasonCode.SOURCE_UNAVAILABLE]
    # postponements spend no attempt: the claim that found the budget used up is the only one
    assert result.attempts == 1
    # tries 1 and 2 made 2 requests each (HTTP 503); the 5th failure opened the circuit,
    # so the last try, at the end of the budget, failed fast
    assert result.error is not None
    assert "circuit open after 5 failed" in result.error
    assert world.people[3].id_number not in result.error
    [timing] = pool.timings()
    assert timing.latency is not None, timing
    assert timing.latency >= 0.5, timing


def test_registries_back_within_the_outage_budget_decide_normally_in_one_attempt(
    service: Service, world: World, pool: SqlitePool, tmp_path: Path
) -> None:
    service.set(fail_next=4)  # two tries of two requests each fail; the third gets through
    drain_one(service, world, pool, tmp_path)
    [result] = pool.results()
    assert (result.status, result.decision, result.reasons) == (
        TaskStatus.DONE,
        Decision.APPROVE,
        [],
    ), result
    assert result.attempts == 1  # the two tries that met the outage were postponements
