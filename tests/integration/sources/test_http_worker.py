"""SOURCE_UNAVAILABLE end to end: a worker whose registries are the sandbox service's APIs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from bots.personal_account.identity import Identity
from bots.personal_account.registry_checks import check_registries
from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.config import Config, SourceConfig
from robotlib.model import Application, Decision, ReasonCode, TaskStatus
from robotlib.plugins.host import get_source_factories
from robotlib.validation.idnumber import check_id_number
from scheduler.pool import SqlitePool
from scheduler.settings import WorkerSettings
from scheduler.worker import Worker
from tests.helpers.keys import session_keyring
from tests.helpers.sandbox_service import TOKEN, Service, World

REGISTRIES = ("gov_identity", "social_security", "blacklist", "telecom")


class RegistryChecksBot(Bot):
    """The personal-account bot's registry checks, on the applicant's form (no OCR)."""

    name = "registry_checks"
    scopes: ClassVar[frozenset[str]] = frozenset(f"source:{name}" for name in REGISTRIES)
    required_sources = REGISTRIES

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        applicant = application.applicant
        number = applicant.id_number or ""
        birth = check_id_number(number).birth_date
        out = BotOutcome()
        check_registries(Identity(applicant.name, number, birth), applicant.phone, ctx, out)
        return out


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[SqlitePool]:
    with SqlitePool(tmp_path / "pool.db", keyring=session_keyring()) as pool:
        yield pool


def drain_one(service: Service, world: World, pool: SqlitePool, tmp_path: Path) -> None:
    person = world.people[3]
    options = {
        "url": service.url + "/api",
        "auth_token": f"Bearer {TOKEN}",
        "retries": 1,
        "backoff_seconds": 0.01,
    }
    config = Config(
        base_dir=tmp_path,
        sources={name: SourceConfig(type="http", **options) for name in REGISTRIES},
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


def test_registries_down_end_in_source_unavailable_never_approve(
    service: Service, world: World, pool: SqlitePool, tmp_path: Path
) -> None:
    service.set(error_rate=1.0)
    drain_one(service, world, pool, tmp_path)
    [result] = pool.results()
    assert (result.status, result.decision) == (TaskStatus.DEAD, Decision.REVIEW)
    assert result.reasons == [ReasonCode.SOURCE_UNAVAILABLE]
    assert result.attempts == 3
    # attempts 1 and 2 made 2 requests each (HTTP 503); the 5th failure opened the circuit,
    # so attempt 3 failed fast
    assert result.error is not None and "circuit open after 5 failed" in result.error
    assert world.people[3].id_number not in result.error


def test_registries_back_before_the_last_attempt_decide_normally(
    service: Service, world: World, pool: SqlitePool, tmp_path: Path
) -> None:
    service.set(fail_next=4)  # two attempts of two requests each fail; the third gets through
    drain_one(service, world, pool, tmp_path)
    [result] = pool.results()
    assert (result.status, result.decision, result.reasons) == (
        TaskStatus.DONE,
        Decision.APPROVE,
        [],
    ), result
    assert result.attempts == 3
