"""Built-in plugin: the ``property_registry`` dataset (DESIGN.md, "Registry datasets").

``property_registry.csv``: ``certificate,id_number,address,area_m2,status`` (status normal |
mortgaged | sealed), for the home buyer's mortgage and owner-loan bundle: "the certificate's
owner is the applicant, status normal". Added through ``register_datasets`` alone: no core
module names it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Container, Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from robotlib.plugins.host import hookimpl
from robotlib.sources.base import RecordSource
from robotlib.sources.datasets import DatasetKind, SandboxWorld
from robotlib.sources.records import IdNumber, Lowered

NAME = "property_registry"


def certificate_key(value: str) -> str:
    """Certificate numbers compare without spaces; brackets full- or half-width alike."""
    return "".join(value.split()).replace("（", "(").replace("）", ")")


class PropertyStatus(StrEnum):
    """What the registry says may be done with a property."""

    #: the owner may sell or pledge it
    NORMAL = "normal"
    #: pledged to a lender
    MORTGAGED = "mortgaged"
    #: frozen by a court (查封)
    SEALED = "sealed"


class PropertyRecord(BaseModel):
    """A row of ``property_registry.csv``: one real-estate title (不动产权证书)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    certificate: Annotated[str, BeforeValidator(certificate_key), Field(min_length=1)]
    #: the owner's identity number
    id_number: IdNumber
    address: str = Field(min_length=1)
    area_m2: Decimal = Field(gt=0, decimal_places=2)
    status: Annotated[PropertyStatus, Lowered]


class PropertyRegistrySource(RecordSource[PropertyRecord]):
    """``property_registry``: ``lookup(certificate)``, None when no title has the number."""


#: people of the world who own a home; some own two
_OWNERS = 0.35
_STATUSES = (PropertyStatus.NORMAL, PropertyStatus.MORTGAGED, PropertyStatus.SEALED)
_STATUS_WEIGHTS = (0.55, 0.4, 0.05)


def sandbox_properties(world: SandboxWorld) -> Iterator[PropertyRecord]:
    """Titles for about a third of the world's people, at their card address, most normal
    or mortgaged, a few sealed. Sorted by certificate, so the file gives away no applicant."""
    rng = world.rng(NAME)
    titles: dict[str, PropertyRecord] = {}
    for person in sorted(world.people, key=lambda p: p.id_number):
        if rng.random() >= _OWNERS:
            continue
        for flat in range(rng.choice((1, 1, 1, 2))):
            certificate = _new_certificate(rng, world.today.year, titles)
            titles[certificate] = PropertyRecord(
                certificate=certificate,
                id_number=person.id_number,
                address=f"{person.address}{flat + 1}栋{rng.randint(101, 2806)}室",
                area_m2=Decimal(rng.randint(3_500, 18_000)) / 100,
                status=rng.choices(_STATUSES, _STATUS_WEIGHTS)[0],
            )
    yield from (titles[certificate] for certificate in sorted(titles))


def _new_certificate(rng: random.Random, this_year: int, taken: Container[str]) -> str:
    """A certificate number no title of the world has yet."""
    while True:
        certificate = f"不动产权第{rng.randint(2005, this_year)}{rng.randrange(10**7):07d}号"
        if certificate not in taken:
            return certificate


PROPERTY_REGISTRY = DatasetKind(
    NAME,
    PropertyRecord,
    ("certificate",),
    certificate_key,
    interface=PropertyRegistrySource,
    sandbox=sandbox_properties,
)


@hookimpl
def register_datasets(register: Callable[[DatasetKind], None]) -> None:
    register(PROPERTY_REGISTRY)
