"""An HTTP client that keeps a flaky registry API from stalling the workers.

Each request passes, in order: the circuit breaker (open: fail at once), the rate limit and
the concurrency cap (wait for a slot), then httpx with a timeout. Timeouts, transport errors
and 5xx answers are retried with exponential back-off and full jitter (tenacity); every failed
attempt counts towards opening the circuit (``robotlib.sources.circuit``). What still fails
becomes ``SourceOutage`` (a ``SourceUnavailable``), carrying when the circuit will let a trial
request through, so the worker postpones the tasks that need the source and never approves
them.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import httpx
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from loguru import logger
from tenacity import (
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from robotlib.sources.circuit import SourceCircuit, TransientError
from robotlib.sources.http_settings import HttpSettings


class HttpClient:
    """POSTs JSON to one registry API on behalf of one source; thread-safe."""

    def __init__(self, source: str, settings: HttpSettings, base_dir: Path) -> None:
        self.source = source
        self.settings = settings
        self._client = settings.client(base_dir)
        self.circuit = SourceCircuit(source, settings)
        self._slots = threading.BoundedSemaphore(settings.max_concurrency)
        self._rate = settings.rate_item()
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        """The answer to ``POST path`` (any status below 500), after retries.

        :raises SourceOutage: the circuit is open, or every attempt failed.
        """
        retrying = Retrying(
            stop=stop_after_attempt(self.settings.retries + 1),
            wait=wait_random_exponential(
                multiplier=self.settings.backoff_seconds, max=self.settings.backoff_max_seconds
            ),
            retry=retry_if_exception_type(TransientError),
            reraise=True,
        )
        attempts = self.settings.retries + 1
        with self.circuit.outages(lambda exc: f"POST {path} failed {attempts} time(s): {exc}"):
            response: httpx.Response = retrying(self.circuit.call, self._attempt, path, body)
            return response

    def _attempt(self, path: str, body: dict[str, Any]) -> httpx.Response:
        self._wait_for_rate()
        with self._slots:
            try:
                response = self._client.post(path, json=body)
            except httpx.TimeoutException:
                raise TransientError(
                    f"no answer within {self.settings.timeout_seconds:g} s"
                ) from None
            except httpx.TransportError as exc:
                raise TransientError(f"{type(exc).__name__}: {exc}") from None
        if response.status_code >= 500:
            raise TransientError(f"HTTP {response.status_code}")
        return response

    def _wait_for_rate(self) -> None:
        if self._rate is None:
            return
        while not self._limiter.hit(self._rate, self.source):
            reset = self._limiter.get_window_stats(self._rate, self.source).reset_time
            wait = max(0.001, reset - time.time())
            logger.debug(
                "source {source}: rate limit, waiting {wait:.3f}s", source=self.source, wait=wait
            )
            time.sleep(wait)
