"""A small synthetic world's registries served by the real sandbox service on loopback."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from robotlib.sandbox.people import PersonFactory
from robotlib.sandbox.person import Person
from robotlib.sandbox.registries import Registries
from robotlib.sandbox.service.app import create_app
from robotlib.sandbox.service.faults import Faults, FaultSwitch
from robotlib.sandbox.service.server import ServerThread
from robotlib.sources.records import ListLevel

TOKEN = "sandbox-test-token"


@dataclass
class World:
    folder: Path
    people: list[Person]
    #: on the black list by number
    listed: Person
    #: in no registry at all
    stranger: Person


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


@dataclass
class Service:
    url: str
    faults: FaultSwitch

    def set(self, **faults: object) -> None:
        self.faults.current = Faults.model_validate(faults)


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
