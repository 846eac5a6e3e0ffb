"""One worker process's counters and durations, in a registry of its own."""

from __future__ import annotations

import re
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, write_to_textfile

#: upper bounds (seconds) of the duration buckets: registry-only bots take milliseconds,
#: OCR-bound ones one to a few seconds on two cores
DURATION_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)

STARTED = "veribot_tasks_started"
FINISHED = "veribot_tasks_finished"
FAILED = "veribot_tasks_failed"
DURATION = "veribot_task_seconds"


class WorkerMetrics:
    """Counters and a duration histogram per bot, for one worker.

    :param worker_id: the ``worker`` label of every series (``host:pid``).
    :param textfile_dir: where ``write`` puts the textfile; None: counted in memory only.
    """

    def __init__(self, worker_id: str, textfile_dir: Path | None = None) -> None:
        self.worker_id = worker_id
        self.textfile_dir = textfile_dir
        self.registry = CollectorRegistry()
        labels = ["worker", "bot"]
        self.started = Counter(
            STARTED, "Tasks a worker started, by bot.", labels, registry=self.registry
        )
        self.finished = Counter(
            FINISHED,
            "Tasks a bot decided, by decision.",
            [*labels, "decision"],
            registry=self.registry,
        )
        self.failed = Counter(
            FAILED,
            "Failed attempts, by status after the failure (failed: retried; dead; lost).",
            [*labels, "status"],
            registry=self.registry,
        )
        self.duration = Histogram(
            DURATION,
            "Seconds a bot took on one task (the run_task call).",
            labels,
            buckets=DURATION_BUCKETS,
            registry=self.registry,
        )

    def task_started(self, bot: str) -> None:
        """Count a task the worker started for ``bot``."""
        self.started.labels(self.worker_id, bot).inc()

    def task_ran(self, bot: str, seconds: float) -> None:
        """Observe how long a task of ``bot`` ran."""
        self.duration.labels(self.worker_id, bot).observe(seconds)

    def task_finished(self, bot: str, decision: str) -> None:
        """Count a task of ``bot`` finished with ``decision``."""
        self.finished.labels(self.worker_id, bot, decision).inc()

    def task_failed(self, bot: str, status: str) -> None:
        """Count a task of ``bot`` that failed, by the status it was left in."""
        self.failed.labels(self.worker_id, bot, status).inc()

    @property
    def textfile(self) -> Path | None:
        """This worker's textfile, or None when metrics are kept in memory only."""
        if self.textfile_dir is None:
            return None
        safe = re.sub(r"[^A-Za-z0-9_.-]", "-", self.worker_id)
        return self.textfile_dir / f"veribot-{safe}.prom"

    def write(self) -> None:
        """Replace this worker's textfile atomically (no-op without a folder)."""
        path = self.textfile
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_to_textfile(str(path), self.registry)
