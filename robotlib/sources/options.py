"""Connector settings read from the extra keys of a ``[sources.NAME]`` table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from robotlib.errors import ConfigError
from robotlib.validation_errors import problems

ModelT = TypeVar("ModelT", bound=BaseModel)


def parse_options(model: type[ModelT], source: str, options: Mapping[str, Any]) -> ModelT:
    """``options`` validated as ``model``; a bad or unknown key is a ``ConfigError`` that names
    ``[sources.<source>] <key>`` and what is wrong with it."""
    try:
        return model.model_validate(dict(options))
    except ValidationError as exc:
        raise ConfigError(
            "; ".join(f"[sources.{source}] {problem}" for problem in problems(exc, top="(table)"))
        ) from None
