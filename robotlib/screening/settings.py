"""Screening settings from ``[sources.NAME]`` (``threshold = 0.85``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from robotlib.errors import ConfigError

DEFAULT_THRESHOLD = 0.85


class ScreeningSettings(BaseModel):
    """How sure a name match must be to count as a hit."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    #: a name match scoring below this is not a hit (number matches always score 1)
    threshold: float = Field(default=DEFAULT_THRESHOLD, gt=0.0, le=1.0)

    @classmethod
    def from_options(cls, source: str, options: Mapping[str, Any]) -> ScreeningSettings:
        """The settings of ``[sources.<source>]``; a bad value is a ``ConfigError`` naming
        the key."""
        try:
            return cls.model_validate(dict(options))
        except ValidationError as exc:
            error = exc.errors()[0]
            key = ".".join(str(p) for p in error["loc"])
            raise ConfigError(f"[sources.{source}] {key}: {error['msg']}") from None
