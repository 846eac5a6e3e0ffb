"""The circuit breaker every network connector puts in front of its source.

A connector marks the failures that say the source is down (no answer, transport errors,
5xx) by raising ``TransientError`` inside ``SourceCircuit.call``; they count towards opening
the circuit (pybreaker), any other error does not. ``SourceCircuit.outages`` turns what still
fails, and an open circuit, into ``SourceOutage`` carrying when the circuit lets a trial
through, so the worker postpones the tasks that need the source instead of spending their
attempts. Settings, as keys of the source's table:

```toml
circuit_failures = 5          # consecutive failed requests that open the circuit
circuit_reset_seconds = 30.0  # then one trial request is let through
```
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pybreaker
from pydantic import BaseModel, Field
from typing_extensions import override

from robotlib.errors import SourceOutage

T = TypeVar("T")


class TransientError(Exception):
    """One attempt failed in a way another attempt may not: timeout, transport, 5xx."""


class CircuitSettings(BaseModel):
    """The circuit keys a network source's table shares with the others."""

    circuit_failures: int = Field(default=5, ge=1, le=1000)
    circuit_reset_seconds: float = Field(default=30.0, gt=0, le=3600)


class OpeningClock(pybreaker.CircuitBreakerListener):
    """Remembers when a breaker last opened (Unix seconds), to tell when it lets a trial in."""

    def __init__(self) -> None:
        self.opened_at: float | None = None

    @override
    def state_change(
        self,
        cb: pybreaker.CircuitBreaker,
        old_state: pybreaker.CircuitBreakerState | None,
        new_state: pybreaker.CircuitBreakerState,
    ) -> None:
        if new_state.name == pybreaker.STATE_OPEN:
            self.opened_at = time.time()


class SourceCircuit:
    """The circuit breaker of one source in this process (thread-safe, like pybreaker's)."""

    def __init__(self, source: str, settings: CircuitSettings) -> None:
        self.source = source
        self.settings = settings
        self._opening = OpeningClock()
        self.breaker = pybreaker.CircuitBreaker(
            fail_max=settings.circuit_failures,
            reset_timeout=settings.circuit_reset_seconds,
            name=source,
            # only a source that is down opens the circuit, not a refused login or a bad answer
            exclude=[lambda exc: not isinstance(exc, TransientError)],
            listeners=[self._opening],
        )

    def call(self, attempt: Callable[..., T], *args: Any) -> T:
        """``attempt(*args)`` through the breaker.

        :raises pybreaker.CircuitBreakerError: the circuit is open (inside ``outages``:
            ``SourceOutage``).
        """
        return self.breaker.call(attempt, *args)

    @contextmanager
    def outages(self, failed: Callable[[TransientError], str]) -> Iterator[None]:
        """Turn an open circuit, and a ``TransientError`` that escapes the block, into
        ``SourceOutage``; ``failed(error)`` says what failed (no personal data)."""
        try:
            yield
        except pybreaker.CircuitBreakerError as exc:
            # the failure that opened the circuit, if this call's
            last = exc.__context__
            because = f" (last: {last})" if isinstance(last, TransientError) else ""
            raise self.outage(
                f"circuit open after {self.settings.circuit_failures} failed requests{because}; "
                f"next trial in up to {self.settings.circuit_reset_seconds:g} s"
            ) from None
        except TransientError as exc:
            raise self.outage(failed(exc)) from None

    def outage(self, problem: str) -> SourceOutage:
        """``SourceOutage`` of this source, saying ``problem``, with the next trial time."""
        return SourceOutage(
            f"source {self.source!r}: {problem}", source=self.source, trial_at=self.trial_at()
        )

    def trial_at(self) -> float | None:
        """When the open circuit lets a trial request through (Unix seconds); None while
        the circuit is closed."""
        opened_at = self._opening.opened_at
        if opened_at is None or self.breaker.current_state == pybreaker.STATE_CLOSED:
            return None
        return opened_at + self.settings.circuit_reset_seconds
