"""One exception root for the robotlib core; each docstring is the default message."""

from __future__ import annotations


class VeribotError(Exception):
    """veribot failed."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())


class ConfigError(VeribotError):
    """The configuration file is invalid."""


class BusinessError(VeribotError):
    """A business rule says no: retrying cannot change the answer, so the task is not retried."""


class InputError(BusinessError):
    """An input record is invalid."""


class PluginError(VeribotError):
    """A plugin could not be loaded or clashes with another."""


class PermissionDenied(VeribotError):
    """The robot identity lacks the scope this access needs."""


class SourceUnavailable(VeribotError):
    """A data source could not be reached."""


class SourceOutage(SourceUnavailable):
    """A data source is down (no answer, transport errors, 5xx, an open circuit).

    Unlike other ``SourceUnavailable`` errors (a refused token, a malformed answer), an
    outage says nothing about the task: the worker postpones the tasks that need ``source``
    without spending their attempts, up to ``[sources] outage_budget``.
    """

    def __init__(
        self, message: str | None = None, *, source: str = "", trial_at: float | None = None
    ) -> None:
        super().__init__(message)
        #: the ``[sources.NAME]`` that is down
        self.source = source
        #: when the source will be tried again (Unix seconds: its circuit half-opens);
        #: None when the connector does not know
        self.trial_at = trial_at

    def __reduce__(self) -> tuple[type[SourceOutage], tuple[str], dict[str, object]]:
        # keeps the source and the trial time when the error crosses a process boundary
        return type(self), (str(self),), dict(self.__dict__)


class DocumentInvalid(VeribotError):
    """A document is not a usable image."""


class DatasetMismatch(ConfigError, BusinessError):
    """A bot asked a source a question its dataset does not answer.

    A configuration fault (the source serves another dataset) or a bot's: another attempt
    would ask the same, so the task is not retried.
    """
