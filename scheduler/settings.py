"""Tuning of worker processes: leases, polling and retry back-off."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.pool.base import DEFAULT_LEASE_SECONDS


@dataclass(frozen=True)
class WorkerSettings:
    """How a worker holds and retries tasks; passed to every worker process (picklable)."""

    #: a claim lasts this long without a heartbeat; heartbeats come every third of it
    lease_seconds: float = DEFAULT_LEASE_SECONDS
    #: the longest an idle worker waits for the pool's wake-up signal before it asks again
    #: (the polling fallback: work that becomes due by time alone sends no signal)
    poll_seconds: float = 0.5
    #: first retry delay after a failed attempt; it doubles with every attempt
    retry_base_seconds: float = 2.0
    #: the longest retry delay
    retry_max_seconds: float = 60.0
    #: how often a worker re-reads its robot's grants (robots grant / revoke / assign)
    policy_refresh_seconds: float = 2.0
    #: log debug detail in the worker processes
    verbose: bool = False

    def __post_init__(self) -> None:
        for name in ("lease_seconds", "poll_seconds", "policy_refresh_seconds"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.retry_base_seconds < 0 or self.retry_max_seconds < 0:
            raise ValueError("retry delays cannot be negative")

    @property
    def heartbeat_seconds(self) -> float:
        """Renewing three times per lease survives two missed heartbeats."""
        return self.lease_seconds / 3

    def retry_delay(self, attempts: int) -> float:
        """Seconds to wait before attempt ``attempts + 1``: exponential, capped."""
        return min(self.retry_max_seconds, self.retry_base_seconds * 2.0 ** max(0, attempts - 1))
