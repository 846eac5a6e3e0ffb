"""The ``portal`` connector: real Chromium driving the sandbox service's portal on loopback."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from robotlib.config import SourceConfig
from robotlib.datasets.registries import SOCIAL_SECURITY
from robotlib.errors import ConfigError, SourceOutage, SourceUnavailable
from robotlib.sandbox.service.portal import PAGE_SIZE
from robotlib.sources.csv_sources import open_csv
from robotlib.sources.portal_plugin import make_portal_source
from robotlib.sources.portal_source import LayoutChanged, PortalSocialSecurity
from robotlib.sources.records import SocialSecurityRecord
from tests.helpers.config_files import load_error
from tests.helpers.sandbox_service import Service, World

V2_SELECTORS = {
    "username": "#user",
    "password": "#pass",
    "login_button": "#signin",
    "id_number": "#idno",
    "search_button": "#query",
    "field": ".info-grid td[data-field='{field}'], #info-grid td[data-field='{field}']",
    "rows": "#history tbody tr",
    "next_page": "#page-forward",
    "no_record": "#empty",
}


def portal(service: Service, tmp_path: Path, **options: Any) -> PortalSocialSecurity:
    settings = {
        "type": "portal",
        "url": service.url + "/portal/",
        "username": "robot",
        "password": "sandbox",
        "timeout_seconds": 3,
        "failures": "failures",
        **options,
    }
    source = make_portal_source("social_security", SourceConfig.model_validate(settings), tmp_path)
    assert isinstance(source, PortalSocialSecurity)
    return source


@pytest.fixture
def robot(service: Service, tmp_path: Path) -> Iterator[PortalSocialSecurity]:
    source = portal(service, tmp_path)
    yield source
    source.close()


def registry(world: World) -> dict[str, SocialSecurityRecord]:
    source = open_csv(SOCIAL_SECURITY, world.folder / "social_security.csv")
    return {p.id_number: r for p in world.people if (r := source.lookup(p.id_number))}


def test_lookups_read_every_page_and_reuse_the_session(
    robot: PortalSocialSecurity, service: Service, world: World, server: Any
) -> None:
    records = registry(world)
    logins_before = server.app.state.portal_logins
    by_months = sorted(records.values(), key=lambda r: r.contribution_months)
    shortest, longest = by_months[0], by_months[-1]
    assert longest.contribution_months > 2 * PAGE_SIZE, "the test needs a history of 3+ pages"
    for expected in (shortest, longest):
        assert robot.lookup(expected.id_number) == expected, expected.id_number
    assert robot.lookup(world.stranger.id_number) is None
    assert robot.logins == 1
    assert server.app.state.portal_logins - logins_before == 1


def test_a_changed_layout_names_the_selector_and_saves_a_screenshot(
    robot: PortalSocialSecurity, service: Service, world: World, tmp_path: Path
) -> None:
    service.set(layout="v2")
    with pytest.raises(LayoutChanged, match=r"'#username' did not appear within 3 s") as failure:
        robot.lookup(world.people[0].id_number)
    message = str(failure.value)
    assert "update [sources.social_security.selectors]" in message
    screenshot = Path(re.search(r"screenshot (\S+\.png)", message)[1])  # type: ignore[index]
    assert screenshot.parent == tmp_path / "failures"
    assert screenshot.stat().st_size > 1000
    html = screenshot.with_suffix(".html").read_text(encoding="utf-8")
    assert 'id="user"' in html


def test_a_new_layout_needs_only_new_selectors(
    service: Service, world: World, tmp_path: Path
) -> None:
    """...and pages followed by clicking, for portals whose next link is not a plain link."""
    service.set(layout="v2")
    source = portal(service, tmp_path, selectors=V2_SELECTORS, pagination="click")
    try:
        records = registry(world).values()
        expected = max(records, key=lambda r: r.contribution_months)
        assert expected.contribution_months > PAGE_SIZE
        assert source.lookup(expected.id_number) == expected
    finally:
        source.close()


def test_5xx_and_slowness_are_outages_of_the_source(
    service: Service, world: World, tmp_path: Path
) -> None:
    robot = portal(service, tmp_path, timeout_seconds=1)
    service.set(error_rate=1.0)
    with pytest.raises(SourceOutage, match=r"portal answered HTTP 503 for GET /portal/search"):
        robot.lookup(world.people[0].id_number)
    service.set(delay_ms=1500)
    with pytest.raises(SourceOutage, match="timed out"):
        robot.lookup(world.people[0].id_number)
    service.set()
    try:
        assert robot.lookup(world.people[0].id_number) is not None
    finally:
        robot.close()


def test_a_wrong_password_is_a_clear_error(service: Service, world: World, tmp_path: Path) -> None:
    source = portal(service, tmp_path, password="wrong")
    try:
        with pytest.raises(SourceUnavailable, match="login failed: check username and password"):
            source.lookup(world.people[0].id_number)
    finally:
        source.close()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"password": "p", "password_env": "X"}, "exactly one of password and password_env"),
        ({"password": "p", "dataset": "blacklist"}, "social_security only"),
        ({"password": "p", "selectors": {"field": "td"}}, r"selectors.field: .*\{field\}"),
        ({"password": "p", "selectors": {"rowz": "tr"}}, r"selectors.rowz: Extra inputs"),
    ],
)
def test_bad_settings_name_the_key(options: dict[str, Any], message: str, tmp_path: Path) -> None:
    table = {"type": "portal", "url": "http://127.0.0.1:9/portal/", "username": "u", **options}
    loaded = load_error(tmp_path, "social_security", table)
    assert re.search(r"sources\.social_security: Value error, .*" + message, loaded), loaded
    with pytest.raises(ConfigError, match=r"\[sources.social_security\] .*" + message):
        make_portal_source("social_security", SourceConfig.model_construct(**table), tmp_path)


def test_the_robot_stays_in_the_thread_that_started_its_browser(
    robot: PortalSocialSecurity, world: World
) -> None:
    assert robot.lookup(world.stranger.id_number) is None
    errors: list[Exception] = []

    def elsewhere() -> None:
        try:
            robot.lookup(world.stranger.id_number)
        except SourceUnavailable as exc:
            errors.append(exc)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert len(errors) == 1
    assert "started in another thread" in str(errors[0])
