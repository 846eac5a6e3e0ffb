"""The JSON APIs of the registries, as the ``http`` connector expects them.

Personal data travels in request bodies only. Answers: ``{"record": {…} | null}`` for the
lookups, ``{"hits": […]}`` for screening (``robotlib.sources.http_sources``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from robotlib.sandbox.service.faults import MALFORMED_BODY, FaultSwitch
from robotlib.sandbox.service.world_sources import WorldSources

JSON = "application/json"


class IdQuery(BaseModel):
    """A lookup by ID number."""

    model_config = ConfigDict(extra="forbid")

    id_number: str = Field(min_length=15, max_length=18)


class PhoneQuery(BaseModel):
    """A lookup by phone number."""

    model_config = ConfigDict(extra="forbid")

    phone: str = Field(min_length=5, max_length=20)


class ScreenQuery(BaseModel):
    """A person to screen against the lists."""

    model_config = ConfigDict(extra="forbid")

    id_number: str = Field(max_length=18)
    name: str = Field(max_length=100)
    birth_date: dt.date | None = None


class UsccQuery(BaseModel):
    """A lookup by unified social credit code."""

    model_config = ConfigDict(extra="forbid")

    uscc: str = Field(min_length=1, max_length=32)


class CompanyScreenQuery(BaseModel):
    """A business to screen against the lists."""

    model_config = ConfigDict(extra="forbid")

    uscc: str = Field(max_length=32)
    name: str = Field(max_length=200)


async def _guard(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """The bearer token, when the service has one, then the faults in force."""
    token: str | None = request.app.state.token
    if token is not None and authorization != f"Bearer {token}":
        raise HTTPException(401, "missing or wrong bearer token")
    switch: FaultSwitch = request.app.state.faults
    await switch.apply()


router = APIRouter(prefix="/api", dependencies=[Depends(_guard)], tags=["registries"])


def _answer(request: Request, payload: BaseModel) -> Response:
    if request.app.state.faults.current.malformed:
        return Response(MALFORMED_BODY, media_type=JSON)
    return Response(payload.model_dump_json(), media_type=JSON)


class RecordAnswer(BaseModel):
    """An answer holding one record, or null."""

    record: Any


class HitsAnswer(BaseModel):
    """An answer holding list hits, best first."""

    hits: list[Any]


def _world(request: Request) -> WorldSources:
    world: WorldSources = request.app.state.world
    return world


@router.post("/gov_identity/lookup", summary="Government identity record of a number")
def gov_identity(query: IdQuery, request: Request) -> Response:
    """The government identity record of ``id_number``."""
    return _answer(
        request, RecordAnswer(record=_world(request).gov_identity.lookup(query.id_number))
    )


@router.post("/social_security/lookup", summary="Social-security record under a number")
def social_security(query: IdQuery, request: Request) -> Response:
    """The social-security record under ``id_number``."""
    record = _world(request).social_security.lookup(query.id_number)
    return _answer(request, RecordAnswer(record=record))


@router.post("/blacklist/screen", summary="Black/grey-list hits of a person, best first")
def blacklist(query: ScreenQuery, request: Request) -> Response:
    """The black and grey list hits of a person, best first."""
    hits = _world(request).blacklist.screen(query.id_number, query.name, query.birth_date)
    return _answer(request, HitsAnswer(hits=hits))


@router.post("/telecom/owner", summary="Real-name registration of a mobile number")
def telecom(query: PhoneQuery, request: Request) -> Response:
    """The real-name registration of a mobile number."""
    return _answer(request, RecordAnswer(record=_world(request).telecom.lookup(query.phone)))


@router.post("/blacklist/screen_company", summary="Black/grey-list hits of a business")
def blacklist_company(query: CompanyScreenQuery, request: Request) -> Response:
    """The black and grey list hits of a business, best first."""
    hits = _world(request).blacklist.screen_company(query.uscc, query.name)
    return _answer(request, HitsAnswer(hits=hits))


@router.post("/enterprise_registry/lookup", summary="Registered business of a credit code")
def enterprise_registry(query: UsccQuery, request: Request) -> Response:
    """The registered business with a credit code."""
    record = _world(request).enterprise_registry.lookup(query.uscc)
    return _answer(request, RecordAnswer(record=record))
