"""A small synthetic world's registries served by the real sandbox service on loopback."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import pytest

from robotlib.sandbox.people.factory import PersonFactory
from robotlib.sandbox.registries.datasets import Registries
from robotlib.sandbox.service.app import create_app
from robotlib.sandbox.service.faults import Faults, FaultSwitch
from robotlib.sandbox.service.server import ServerThread
from robotlib.sources.records import ListLevel
from tests.helpers.sandbox_service import TOKEN, Service, World


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("world")
    rng = random.Random(5)
    factory = PersonFactory(rng, dt.date(2026, 11, 24))
    people = [factory.person() for _ in range(6)]
    registries = Registries()
    for person in people:
        registries.add_gov(person)
        registries.add_social(person, rng)
        registries.add_phone(person.phone, person.id_number, person.name)
    listed = people[0]
    registries.add_entry(
        list_name="pboc",
        level=ListLevel.BLACK,
        name=listed.name,
        reason="fraud",
        id_number=listed.id_number,
        birth_date=listed.birth_date,
    )
    registries.write(folder)
    return World(folder, people, listed, factory.person())


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[ServerThread]:
    with ServerThread(create_app(world.folder, token=TOKEN)) as server:
        yield server


@pytest.fixture
def service(server: ServerThread) -> Iterator[Service]:
    """The running service, its faults reset before and after each test."""
    switch: FaultSwitch = server.app.state.faults
    switch.current = Faults()
    yield Service(server.url, switch)
    switch.current = Faults()
