"""What a bot is and what it may touch: the Bot base class, its outcome and its BotContext."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast, overload

from loguru import logger

from robotlib.audit.events import PERMISSION_DENIED, SOURCE_QUERY, AuditEvent
from robotlib.errors import DatasetMismatch, PermissionDenied
from robotlib.model import Application, Decision, IdentityFields
from robotlib.sources.base import Source

if TYPE_CHECKING:
    from loguru import Logger

    from robotlib.ocr.engine import OcrEngine

SourceT = TypeVar("SourceT", bound=Source)


@dataclass
class BotOutcome:
    """What a bot found. The framework turns the reasons into a decision with the policy,
    so no bot can approve on its own authority."""

    reasons: list[str] = field(default_factory=list)
    fields: IdentityFields = field(default_factory=IdentityFields)
    risk_score: float | None = None
    recommendations: list[str] = field(default_factory=list)
    #: why a reason was given, in words for an operator: reason code -> "; "-joined details
    #: (never a personal value nor a file path)
    details: dict[str, str] = field(default_factory=dict)

    def add(self, code: str, detail: str | None = None) -> None:
        """Record a reason once, keeping the order in which reasons were found; ``detail``
        says why, each distinct detail kept once."""
        if code not in self.reasons:
            self.reasons.append(code)
        if detail:
            known = self.details.get(code)
            if known is None:
                self.details[code] = detail
            elif detail not in known.split("; "):
                self.details[code] = f"{known}; {detail}"

    def recommend(self, product: str) -> None:
        """Suggest a product or follow-up once."""
        if product not in self.recommendations:
            self.recommendations.append(product)


class BotContext:
    """Everything a bot may reach, each accessor checked against the scopes its robot
    identity holds for this task (``scopes``: the bot's declared scopes that the robot is
    granted in the task's pool).

    Scopes: ``source:<name>`` for a source, ``ocr`` for the OCR engine. Every source query
    and every refusal is added to ``audit`` (what was asked, never the values asked about).
    """

    def __init__(
        self,
        *,
        bot_name: str,
        scopes: frozenset[str],
        sources: Mapping[str, Source],
        ocr: OcrEngine | None,
        ref: str,
        actor: str | None = None,
    ) -> None:
        self.bot_name = bot_name
        self.scopes = scopes
        self.ref = ref
        self.actor = actor or bot_name
        self.audit: list[AuditEvent] = []
        self._sources = sources
        self._ocr = ocr
        self.log: Logger = logger.bind(bot=bot_name, ref=ref)

    def _require(self, scope: str) -> None:
        if scope not in self.scopes:
            self.log.warning("permission denied: {scope}", scope=scope)
            self.audit.append(
                AuditEvent(
                    self.actor, PERMISSION_DENIED, self.ref, {"bot": self.bot_name, "scope": scope}
                )
            )
            raise PermissionDenied(
                f"bot {self.bot_name!r} (robot {self.actor!r}) is not granted scope {scope!r}"
            )

    @overload
    def source(self, name: str) -> Source: ...

    @overload
    def source(self, name: str, interface: type[SourceT]) -> SourceT: ...

    def source(self, name: str, interface: type[Source] | None = None) -> Source:
        """The configured source ``name``; needs scope ``source:<name>``.

        With ``interface`` (``GovIdentitySource``, ``CreditBureauSource``, ...) the source is
        typed: its lookups return the dataset's records. A source that asks another dataset's
        questions, or a question its dataset does not answer, is a ``DatasetMismatch``: the
        task is not retried.
        """
        self._require(f"source:{name}")
        try:
            source = self._sources[name]
        except KeyError:
            raise PermissionDenied(
                f"source {name!r} is not configured (add [sources.{name}] to veribot.toml)"
            ) from None
        if interface is not None and not isinstance(source, interface):
            raise DatasetMismatch(
                f"bot {self.bot_name!r} asks [sources.{name}] as a {interface.__name__}, but it "
                f"is a {type(source).__name__}: set its dataset to the one the bot declares"
            )
        return cast("Source", _AuditedSource(source, name, self._record_query))

    def _record_query(self, source: str, query: str) -> None:
        self.audit.append(
            AuditEvent(self.actor, SOURCE_QUERY, self.ref, {"source": source, "query": query})
        )

    def ocr(self) -> OcrEngine:
        """The worker's OCR engine (loaded once per process); needs scope ``ocr``."""
        self._require("ocr")
        if self._ocr is None:
            raise PermissionDenied("no OCR engine is loaded in this worker")
        return self._ocr


class _AuditedSource:
    """A source whose every query is recorded (its name, not its arguments) before it runs."""

    def __init__(self, source: Source, name: str, record: Callable[[str, str], None]) -> None:
        self._source = source
        self._name = name
        self._record = record

    def __getattr__(self, attribute: str) -> Any:
        try:
            value = getattr(self._source, attribute)
        except AttributeError:
            raise DatasetMismatch(
                f"source {self._name!r} ({type(self._source).__name__}) has no question "
                f"{attribute!r}: the bot asks it for another dataset"
            ) from None
        if not callable(value) or attribute.startswith("_"):
            return value

        def audited(*args: Any, **kwargs: Any) -> Any:
            self._record(self._name, attribute)
            return value(*args, **kwargs)

        return audited


class Bot:
    """Base class of bots. A plugin registers subclasses through ``register_bots``.

    ``name`` is the task kind the bot handles; ``scopes`` lists every scope it needs, and a
    worker only hands it tasks when its robot identity holds them all.
    """

    name: ClassVar[str]
    scopes: ClassVar[frozenset[str]] = frozenset()
    #: sources the bot cannot decide without: unreachable means retry, never approve
    required_sources: ClassVar[tuple[str, ...]] = ()
    #: the datasets the bot asks, by source name: ``{"credit": "credit_bureau"}``. A worker
    #: serves the bot only when each source is configured with that dataset (and the dataset
    #: is registered); otherwise it says, in one line, what the bot lacks
    datasets: ClassVar[Mapping[str, str]] = {}
    #: the bot's own reason codes and the decision each forces by default (review or
    #: reject); the plugin host gives them to the decision policy once a plugin registers
    #: the bot, and ``[policy.levels]`` overrides them like the built-in codes
    reason_levels: ClassVar[Mapping[str, Decision]] = {}
    #: the bot's applications are about a business: intake refuses a record of its kind
    #: without ``business``, naming the field
    requires_business: ClassVar[bool] = False

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        """Check one application and report what was found."""
        raise NotImplementedError
