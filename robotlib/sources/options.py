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


#: the registry kinds a connector can answer for (DESIGN.md, "Registry datasets")
DATASETS = ("blacklist", "enterprise_registry", "gov_identity", "social_security", "telecom")


def dataset_of(name: str, options: Mapping[str, Any], kind: str) -> str:
    """The registry a ``kind`` source answers for: ``dataset = …``, else the source name."""
    dataset = str(options.get("dataset", name))
    if dataset not in DATASETS:
        raise ConfigError(
            f"[sources.{name}]: {kind} dataset {dataset!r} is unknown; "
            f"set dataset to one of {', '.join(DATASETS)}"
        )
    return dataset
