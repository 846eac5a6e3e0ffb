"""The sandbox service as the source tests use it: a small world and the running service."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

from robotlib.sandbox.people.person import Person
from robotlib.sandbox.service.faults import Faults, FaultSwitch

TOKEN = "sandbox-test-token"


@dataclass
class World:
    folder: Path
    people: list[Person]
    #: on the black list by number
    listed: Person
    #: in no registry at all
    stranger: Person


@dataclass
class Service:
    url: str
    faults: FaultSwitch

    def set(self, **faults: object) -> None:
        """Replace the faults in force (none given: behave well)."""
        self.faults.current = Faults.model_validate(faults)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
