"""The ``http`` connector against the real sandbox service on loopback."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from robotlib.config import SourceConfig
from robotlib.errors import ConfigError, SourceUnavailable
from robotlib.sandbox.service.server import ServerThread
from robotlib.sources.base import (
    GovIdentitySource,
    ScreeningSource,
    SocialSecuritySource,
    Source,
    TelecomSource,
)
from robotlib.sources.http_sources import HttpRecords, make_http_source
from tests.helpers.config_files import load_error
from tests.helpers.sandbox_service import TOKEN, Service, World


def http_source(name: str, service: Service, tmp_path: Path, **options: Any) -> Source:
    settings: dict[str, Any] = {
        "url": service.url + "/api",
        "auth_token": f"Bearer {TOKEN}",
        "retries": 0,
        **options,
    }
    return make_http_source(name, SourceConfig(type="http", **settings), tmp_path)


def test_each_registry_answers_over_http(service: Service, world: World, tmp_path: Path) -> None:
    person = world.people[1]
    gov = http_source("gov_identity", service, tmp_path)
    social = http_source("social_security", service, tmp_path)
    lists = http_source("blacklist", service, tmp_path)
    telecom = http_source("telecom", service, tmp_path)
    assert isinstance(gov, GovIdentitySource)
    assert isinstance(social, SocialSecuritySource)
    assert isinstance(lists, ScreeningSource)
    assert isinstance(telecom, TelecomSource)

    record = gov.lookup(person.id_number)
    assert record is not None
    assert (record.name, record.birth_date) == (person.name, person.birth_date)
    assert gov.lookup(world.stranger.id_number) is None
    social_record = social.lookup(person.id_number)
    assert social_record is not None
    assert social_record.name == person.name
    owner = telecom.owner(person.phone)
    assert owner is not None
    assert owner.id_number == person.id_number
    assert telecom.owner(world.stranger.phone) is None

    listed = world.listed
    [hit] = lists.screen(listed.id_number, listed.name, listed.birth_date)
    assert (hit.rule, hit.entry.level, hit.entry.list) == ("id_number", "black", "pboc")
    assert lists.screen(person.id_number, person.name, person.birth_date) == []


def test_a_wrong_token_is_refused_with_a_hint(service: Service, tmp_path: Path) -> None:
    source = http_source("gov_identity", service, tmp_path, auth_token="Bearer wrong")
    assert isinstance(source, GovIdentitySource)
    with pytest.raises(SourceUnavailable, match=r"HTTP 401 \(check auth_token\)"):
        source.lookup("110101199003071234")


def test_the_token_may_come_from_the_environment(
    service: Service, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANDBOX_TOKEN", f"Bearer {TOKEN}")
    config = SourceConfig(
        type="http", url=service.url + "/api", auth_token_env="SANDBOX_TOKEN", dataset="telecom"
    )
    source = make_http_source("phones", config, tmp_path)
    assert isinstance(source, TelecomSource)
    assert source.owner(world.people[2].phone) is not None


def test_a_slow_answer_times_out_after_the_retries(service: Service, tmp_path: Path) -> None:
    service.set(delay_ms=600)
    source = http_source(
        "gov_identity", service, tmp_path, timeout_seconds=0.1, retries=1, backoff_seconds=0.01
    )
    assert isinstance(source, GovIdentitySource)
    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match=r"failed 2 time\(s\): no answer within 0.1 s"):
        source.lookup("110101199003071234")
    assert time.monotonic() - started < 0.6


def test_5xx_is_retried_with_backoff_until_it_succeeds(
    service: Service, world: World, tmp_path: Path
) -> None:
    service.set(fail_next=2)
    source = http_source("gov_identity", service, tmp_path, retries=2, backoff_seconds=0.01)
    assert isinstance(source, GovIdentitySource)
    before = service.faults.requests
    assert source.lookup(world.people[0].id_number) is not None
    assert service.faults.requests - before == 3


def test_5xx_beyond_the_retries_makes_the_source_unavailable(
    service: Service, tmp_path: Path
) -> None:
    service.set(error_rate=1.0, error_status=502)
    source = http_source("social_security", service, tmp_path, retries=2, backoff_seconds=0.01)
    assert isinstance(source, SocialSecuritySource)
    before = service.faults.requests
    with pytest.raises(SourceUnavailable, match=r"failed 3 time\(s\): HTTP 502"):
        source.lookup("110101199003071234")
    assert service.faults.requests - before == 3


def test_a_malformed_body_is_named_not_trusted(service: Service, tmp_path: Path) -> None:
    service.set(malformed=True)
    source = http_source("gov_identity", service, tmp_path)
    assert isinstance(source, GovIdentitySource)
    with pytest.raises(SourceUnavailable, match=r"malformed answer to POST gov_identity/lookup"):
        source.lookup("110101199003071234")


def test_the_circuit_opens_fails_fast_and_closes_again(
    service: Service, world: World, tmp_path: Path
) -> None:
    source = http_source(
        "gov_identity", service, tmp_path, circuit_failures=2, circuit_reset_seconds=0.3
    )
    assert isinstance(source, HttpRecords)
    assert isinstance(source, GovIdentitySource)
    service.set(error_rate=1.0)
    for _ in range(2):
        with pytest.raises(SourceUnavailable):
            source.lookup(world.people[0].id_number)
    before = service.faults.requests
    with pytest.raises(SourceUnavailable, match="circuit open"):
        source.lookup(world.people[0].id_number)
    assert service.faults.requests == before, "an open circuit must not reach the server"

    service.set()
    time.sleep(0.35)
    assert source.lookup(world.people[0].id_number) is not None
    assert source.client.circuit.breaker.current_state == "closed"


def test_the_rate_limit_spaces_requests(service: Service, world: World, tmp_path: Path) -> None:
    source = http_source("telecom", service, tmp_path, rate_limit="4/second")
    assert isinstance(source, TelecomSource)
    started = time.monotonic()
    for _ in range(6):
        source.owner(world.people[0].phone)
    assert time.monotonic() - started >= 0.9


def test_the_concurrency_cap_holds_requests_back(
    service: Service, world: World, tmp_path: Path
) -> None:
    service.set(delay_ms=200)
    source = http_source("telecom", service, tmp_path, max_concurrency=1)
    assert isinstance(source, TelecomSource)
    threads = [
        threading.Thread(target=source.owner, args=(world.people[0].phone,)) for _ in range(3)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - started >= 0.6


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"url": "not a url"}, r"url: Input should be a valid URL"),
        ({"url": "http://x", "timeout_seconds": 0}, r"timeout_seconds: Input should be greater"),
        ({"url": "http://x", "retires": 3}, r"retires: Extra inputs are not permitted"),
        ({"url": "http://x", "rate_limit": "fast"}, r"rate_limit: .*'50/second'"),
        ({"url": "http://x", "client_key": "k.pem"}, r"client_key needs client_cert"),
        ({}, r"url: Field required"),
    ],
)
def test_bad_settings_name_the_key(options: dict[str, Any], message: str, tmp_path: Path) -> None:
    table = {"type": "http", **options}
    loaded = load_error(tmp_path, "gov_identity", table)
    assert re.search(r"sources\.gov_identity: Value error, .*" + message, loaded), loaded
    # a plugin or a test that builds the config in code meets the same check in the factory
    with pytest.raises(ConfigError, match=r"\[sources.gov_identity\] .*" + message):
        make_http_source("gov_identity", SourceConfig.model_construct(**table), tmp_path)


def test_an_api_that_returns_more_fields_still_answers_and_a_bad_field_is_named(
    world: World, tmp_path: Path
) -> None:
    """Another vendor's registry API: extra keys everywhere, dates written its own way."""
    person = world.people[4]
    vendor = FastAPI()

    @vendor.post("/v2/gov_identity/lookup")
    def lookup(body: dict[str, str]) -> dict[str, Any]:
        if body["id_number"] != person.id_number:
            return {"record": {**record, "birth_date": "not a date"}, "trace": "x"}
        return {"record": record, "trace": "abc", "served_by": "vendor"}

    record = {
        "id_number": person.id_number,
        "name": person.name,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "birth_date": person.birth_date.strftime("%Y%m%d"),
        "address": person.address,
        "issuing_authority": person.issuing_authority,
        "valid_from": person.valid_from.isoformat(),
        "valid_to": person.valid_to_text,
        "status": "NORMAL",
        "photo_url": "/photos/1.jpg",
    }
    with ServerThread(vendor) as server:
        config = SourceConfig.model_validate({"type": "http", "url": server.url + "/v2"})
        source = make_http_source("gov_identity", config, tmp_path)
        assert isinstance(source, GovIdentitySource)
        found = source.lookup(person.id_number)
        assert found is not None
        assert found.birth_date == person.birth_date
        with pytest.raises(SourceUnavailable, match=r"malformed answer .*: record.birth_date"):
            source.lookup(world.stranger.id_number)
