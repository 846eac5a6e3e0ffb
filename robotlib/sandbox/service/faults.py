"""Switchable slowness and errors of the sandbox service, set at start or over ``/control``."""

from __future__ import annotations

import asyncio
import random
from typing import Literal

from fastapi import HTTPException
from pydantic import BaseModel, ConfigDict, Field

#: the answer of an API in ``malformed`` mode: cut off mid-record, not JSON at all
MALFORMED_BODY = b'{"record": {"id_number": "4403'


class Faults(BaseModel):
    """What the service does wrong on purpose; every field defaults to behaving well."""

    model_config = ConfigDict(extra="forbid")

    #: added to every API and portal answer
    delay_ms: float = Field(default=0.0, ge=0, le=120_000)
    #: share of API and portal requests answered with ``error_status``
    error_rate: float = Field(default=0.0, ge=0, le=1)
    error_status: int = Field(default=503, ge=500, le=599)
    #: the next this many requests are answered with ``error_status`` (then the rate applies)
    fail_next: int = Field(default=0, ge=0, le=1_000_000)
    #: APIs answer 200 with a body that is not the documented JSON
    malformed: bool = False
    #: the portal's page layout: ``v2`` renames the ids a robot's selectors rely on
    layout: Literal["v1", "v2"] = "v1"


class FaultSwitch:
    """The faults in force; replaced whole, so a request sees one consistent set."""

    def __init__(self, faults: Faults | None = None, seed: int | None = None) -> None:
        self.current = faults or Faults()
        self._rng = random.Random(seed)
        #: requests seen (API and portal), for tests and benches that count attempts
        self.requests = 0

    async def apply(self) -> None:
        """Sleep the delay, then fail with the error status as ``fail_next`` and
        ``error_rate`` say."""
        self.requests += 1
        faults = self.current
        if faults.delay_ms:
            await asyncio.sleep(faults.delay_ms / 1000)
        if faults.fail_next:
            self.current = faults.model_copy(update={"fail_next": faults.fail_next - 1})
            raise HTTPException(faults.error_status, "sandbox fault: fail_next")
        if faults.error_rate and self._rng.random() < faults.error_rate:
            raise HTTPException(faults.error_status, "sandbox fault: error_rate")
