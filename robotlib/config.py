"""veribot.toml: where the pool lives, which sources to use, the decision policy.

The path comes from ``--config`` or ``VERIBOT_CONFIG``; without either the defaults apply and
relative paths resolve against the current folder.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from robotlib.errors import ConfigError
from robotlib.model.application import Priority
from robotlib.model.policy import DecisionPolicy
from robotlib.validation_errors import describe

CONFIG_ENV = "VERIBOT_CONFIG"
DEFAULT_DATABASE_URL = "sqlite:///var/veribot.db"
#: the largest document image a submitted record may name, in MB (``[intake]``)
DEFAULT_MAX_DOCUMENT_MB = 10.0
#: the most ``[intake] max_document_mb`` may allow: the pool copies no larger document
MAX_DOCUMENT_MB_LIMIT = 50


class DatabaseConfig(BaseModel):
    """The ``[database]`` table: where the pool is."""

    model_config = ConfigDict(extra="forbid")

    url: str = DEFAULT_DATABASE_URL


class SourceConfig(BaseModel):
    """One ``[sources.NAME]`` table; connector-specific keys are kept in ``options``.

    The keys of the built-in types are checked when the file is loaded, so a bad key stops
    every command at once (``sources.NAME: Value error, KEY: what is wrong``); plugin-defined
    types check theirs in their factory.
    """

    model_config = ConfigDict(extra="allow")

    type: str
    path: Path | None = None

    @property
    def options(self) -> dict[str, Any]:
        """The table's keys other than ``type`` and ``path``: the connector's own settings."""
        return dict(self.model_extra or {})

    @model_validator(mode="after")
    def _built_in_settings(self) -> SourceConfig:
        model = _built_in_settings_model(self.type)
        if model is not None:
            try:
                model.model_validate(self.model_dump(exclude={"path"}))
            except ValidationError as exc:
                raise ValueError(describe(exc, top="(table)")) from None
        return self


def _built_in_settings_model(source_type: str) -> type[BaseModel] | None:
    """The settings model of a built-in source type (imported on demand: the http and portal
    settings pull in their client libraries)."""
    if source_type == "http":
        from robotlib.sources.http_settings import HttpSettings

        return HttpSettings
    if source_type == "portal":
        from robotlib.sources.portal_settings import PortalSettings

        return PortalSettings
    if source_type == "csv":
        from robotlib.screening.settings import ScreeningSettings

        return ScreeningSettings
    return None


#: default of ``[sources] outage_budget``: how long a task waits out its sources' outages
DEFAULT_OUTAGE_BUDGET_SECONDS = 3600.0


class SourceOutageConfig(BaseModel):
    """The keys of ``[sources]`` itself (beside its ``[sources.NAME]`` tables).

    ```toml
    [sources]
    outage_budget = 3600   # seconds a task waits for a source that is down, then review
    ```
    """

    model_config = ConfigDict(extra="forbid")

    #: a task that needs a source that is down is postponed (no attempt spent) until the
    #: source is back, for at most this many seconds; then it is dead, decision review with
    #: ``SOURCE_UNAVAILABLE``
    outage_budget: float = Field(default=DEFAULT_OUTAGE_BUDGET_SECONDS, gt=0)


class OcrConfig(BaseModel):
    """The ``[ocr]`` table: the engine that reads documents and how it runs."""

    model_config = ConfigDict(extra="forbid")

    engine: str = "rapidocr"
    #: onnxruntime intra-op threads per worker process; sized with the worker count
    threads: int = Field(default=1, ge=1, le=64)
    #: the folder holding EasyOCR's weights (relative to the config file); $VERIBOT_EASYOCR_MODELS
    #: overrides it, EasyOCR's own ~/.EasyOCR/model is the default
    easyocr_models: Path | None = None


class SlaConfig(BaseModel):
    """``[pool.sla_seconds]``: seconds from submission to the deadline of a task whose
    application names none, by priority."""

    model_config = ConfigDict(extra="forbid")

    high: float = Field(default=300.0, gt=0)
    normal: float = Field(default=3600.0, gt=0)
    low: float = Field(default=86400.0, gt=0)

    def for_priority(self, priority: Priority) -> float:
        """The SLA of ``priority``, in seconds."""
        return float(getattr(self, priority.value))


class PoolConfig(BaseModel):
    """``[pool]``: the order in which tasks are claimed and when a deadline is at risk.

    A task is claimed in the order of its claim key, ``created_at + rank * aging_seconds``
    (rank 0, 1, 2 for high, normal, low): a task waits behind higher classes for at most
    ``rank * aging_seconds``, then beats every newer task, so low priority never starves.
    A deadline pulls the key to ``deadline - deadline_lead_seconds`` when that is earlier.
    """

    model_config = ConfigDict(extra="forbid")

    aging_seconds: float = Field(default=60.0, gt=0)
    #: how long before its deadline a task is as urgent as a high-priority task just submitted
    deadline_lead_seconds: float = Field(default=120.0, ge=0)
    #: an unfinished task whose deadline is this close (or past) is reported at risk
    at_risk_seconds: float = Field(default=120.0, ge=0)
    sla_seconds: SlaConfig = Field(default_factory=SlaConfig)


class SecurityConfig(BaseModel):
    """``[security]``: where the encryption keys are, and who the workers are."""

    model_config = ConfigDict(extra="forbid")

    #: the key file (``veribot init`` creates it); ``$VERIBOT_KEYS`` overrides it
    key_file: Path = Path("var/veribot.key")
    #: the robot identity workers run as, unless ``--robot`` names another
    robot: str = Field(default="default", min_length=1, pattern=r"^[A-Za-z0-9_.:-]+$")


class MetricsConfig(BaseModel):
    """``[metrics]``: where worker processes write their Prometheus textfiles."""

    model_config = ConfigDict(extra="forbid")

    #: one ``veribot-<host>-<pid>.prom`` per worker, rewritten after every task; None: off
    textfile_dir: Path | None = None


class IntakeConfig(BaseModel):
    """``[intake]``: where submitted records may take their documents from, and how big.

    A document path must resolve inside the submitted file's folder (or ``--images``) or one
    of ``roots``; anything else is refused with the record (``robotlib.intake.confine``).
    """

    model_config = ConfigDict(extra="forbid")

    #: further folders documents may come from (relative to the config file)
    roots: list[Path] = Field(default_factory=list)
    max_document_mb: float = Field(default=DEFAULT_MAX_DOCUMENT_MB, gt=0, le=MAX_DOCUMENT_MB_LIMIT)

    @property
    def max_document_bytes(self) -> int:
        """``max_document_mb`` in bytes."""
        return int(self.max_document_mb * 1024 * 1024)


class Config(BaseModel):
    """The whole configuration; ``base_dir`` is the folder relative paths resolve against."""

    model_config = ConfigDict(extra="forbid")

    base_dir: Path = Field(default_factory=Path.cwd)
    database: DatabaseConfig = Field(default_factory=DatabaseConfig)
    sources: dict[str, SourceConfig] = Field(default_factory=dict)
    #: ``[sources] outage_budget`` (read from the ``[sources]`` table, beside its sources)
    source_outages: SourceOutageConfig = Field(default_factory=SourceOutageConfig)
    policy: DecisionPolicy = Field(default_factory=DecisionPolicy)
    ocr: OcrConfig = Field(default_factory=OcrConfig)
    pool: PoolConfig = Field(default_factory=PoolConfig)
    security: SecurityConfig = Field(default_factory=SecurityConfig)
    metrics: MetricsConfig = Field(default_factory=MetricsConfig)
    intake: IntakeConfig = Field(default_factory=IntakeConfig)

    @model_validator(mode="before")
    @classmethod
    def _sources_table_keys(cls, data: Any) -> Any:
        """``[sources]`` holds the source tables and, as plain values, the outage settings:
        move those to ``source_outages``."""
        if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
            return data
        sources = dict(data["sources"])
        own = {key: sources.pop(key) for key in SourceOutageConfig.model_fields if key in sources}
        if not own:
            return data
        return {**data, "sources": sources, "source_outages": own}

    def resolve(self, path: Path | str) -> Path:
        """``path`` made absolute against the config file's folder."""
        path = Path(path)
        return path if path.is_absolute() else (self.base_dir / path)

    @property
    def database_url(self) -> str:
        """The database URL with a relative SQLite path resolved against ``base_dir``."""
        url = self.database.url
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/"):
            return prefix + str(self.resolve(url[len(prefix) :]))
        return url

    @property
    def key_file(self) -> Path:
        """The key file, resolved against ``base_dir``."""
        return self.resolve(self.security.key_file)


def load_config(path: Path | str | None = None) -> Config:
    """Load ``path``, else the file named by ``VERIBOT_CONFIG``, else the defaults."""
    if path is None:
        env = os.environ.get(CONFIG_ENV)
        path = Path(env) if env else None
    if path is None:
        return Config()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config file {path} cannot be read: {exc}") from None
    try:
        return Config(base_dir=path.resolve().parent, **data)
    except ValidationError as exc:
        raise ConfigError(f"config file {path} is invalid: {describe(exc, where=_where)}") from None


#: fields read from a table of another name (``[sources] outage_budget``)
_TABLE_OF_FIELD = {"source_outages": "sources"}


def _where(loc: tuple[int | str, ...]) -> str:
    """A validation error's location as the file spells it (``sources.outage_budget``)."""
    parts = [str(part) for part in loc]
    if parts:
        parts[0] = _TABLE_OF_FIELD.get(parts[0], parts[0])
    return ".".join(parts)
