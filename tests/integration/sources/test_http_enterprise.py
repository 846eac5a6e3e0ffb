"""The enterprise registry and company screening over the ``http`` connector, against the
sandbox service on loopback."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from robotlib.config import SourceConfig
from robotlib.errors import SourceUnavailable
from robotlib.sandbox.people.companies import Company, random_company
from robotlib.sandbox.registries.datasets import Registries
from robotlib.sandbox.service.app import create_app
from robotlib.sandbox.service.server import ServerThread
from robotlib.sources.base import EnterpriseRegistrySource, ScreeningSource
from robotlib.sources.http_sources import make_http_source
from robotlib.sources.records import EnterpriseStatus, Entity, ListLevel
from tests.helpers.sandbox_service import TOKEN


@pytest.fixture(scope="module")
def companies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Company]]:
    folder = tmp_path_factory.mktemp("merchant-world")
    rng = random.Random(8)
    found = [random_company(rng, dt.date(2026, 11, 24)) for _ in range(3)]
    registries = Registries()
    registries.add_enterprise(found[0])
    registries.add_enterprise(found[1], status=EnterpriseStatus.REVOKED)
    registries.add_entry(
        list_name="fraud_merchants",
        level=ListLevel.BLACK,
        name=found[1].name,
        reason="套现",
        entity=Entity.COMPANY,
    )
    registries.write(folder)
    return folder, found


@pytest.fixture(scope="module")
def url(companies: tuple[Path, list[Company]]) -> Iterator[str]:
    with ServerThread(create_app(companies[0], token=TOKEN)) as server:
        yield server.url + "/api"


def http(name: str, url: str, tmp_path: Path) -> object:
    config = SourceConfig(type="http", url=url, auth_token=f"Bearer {TOKEN}", retries=0)
    return make_http_source(name, config, tmp_path)


def test_the_registry_answers_by_credit_code(
    url: str, companies: tuple[Path, list[Company]], tmp_path: Path
) -> None:
    _, [normal, revoked, stranger] = companies
    source = http("enterprise_registry", url, tmp_path)
    assert isinstance(source, EnterpriseRegistrySource)
    record = source.lookup(normal.uscc)
    assert record is not None
    assert (record.name, record.legal_representative) == (normal.name, normal.legal_representative)
    revoked_record = source.lookup(revoked.uscc.lower())
    assert revoked_record is not None
    assert revoked_record.status is EnterpriseStatus.REVOKED
    assert source.lookup(stranger.uscc) is None


def test_companies_are_screened_by_name(
    url: str, companies: tuple[Path, list[Company]], tmp_path: Path
) -> None:
    _, [normal, revoked, _] = companies
    source = http("blacklist", url, tmp_path)
    assert isinstance(source, ScreeningSource)
    [hit] = source.screen_company(revoked.uscc, revoked.name)
    assert (hit.rule, hit.entry.entity, hit.entry.level) == ("company_name", "company", "black")
    assert source.screen_company(normal.uscc, normal.name) == []


def test_a_wrong_token_makes_the_registry_unavailable(url: str, tmp_path: Path) -> None:
    config = SourceConfig(type="http", url=url, auth_token="Bearer wrong", retries=0)
    source = make_http_source("enterprise_registry", config, tmp_path)
    assert isinstance(source, EnterpriseRegistrySource)
    with pytest.raises(SourceUnavailable, match="HTTP 401"):
        source.lookup("91440300MA5F123452")
