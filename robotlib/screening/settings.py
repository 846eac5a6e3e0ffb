"""Screening settings from ``[sources.NAME]`` (``threshold = 0.85``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_THRESHOLD = 0.85


class ScreeningSettings(BaseModel):
    """How sure a name match must be to count as a hit."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    #: a name match scoring below this is not a hit (number matches always score 1)
    threshold: float = Field(default=DEFAULT_THRESHOLD, gt=0.0, le=1.0)
