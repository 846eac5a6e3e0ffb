"""Tasks for the Worker tests: one applicant, fast worker settings, draining a worker."""

from __future__ import annotations

import threading
from typing import ClassVar

import numpy as np

from robotlib.bot import Bot, BotContext, BotOutcome
from robotlib.model import Application
from robotlib.ocr.engine import OcrLine
from scheduler.settings import WorkerSettings
from scheduler.worker import Worker

#: short leases and almost no back-off: tests must not wait out production delays
FAST = WorkerSettings(lease_seconds=5, poll_seconds=0.01, retry_base_seconds=0.01)
NAME, NUMBER = "张伟", "440305199003071236"


def application(ref: str, kind: str = "echo", segment: str | None = None) -> Application:
    """An application of ``kind`` by the one test applicant; ``segment`` steers the echo bot."""
    return Application.model_validate(
        {
            "ref": ref,
            "kind": kind,
            "segment": segment,
            "applicant": {"name": NAME, "id_number": NUMBER},
        }
    )


def drain(worker: Worker) -> int:
    """Run ``worker`` until its pool has nothing left for it; returns the tasks it ran."""
    return worker.run(threading.Event(), until_empty=True)


class OcrBot(Bot):
    """Reads one blank image with the worker's OCR engine (scope ``ocr``)."""

    name = "reader"
    scopes: ClassVar[frozenset[str]] = frozenset({"ocr"})

    def verify(self, application: Application, ctx: BotContext) -> BotOutcome:
        ctx.ocr().read(np.zeros((1, 1, 3), dtype=np.uint8))
        return BotOutcome()


class FakeEngine:
    """An OCR engine that reads nothing and counts its reads."""

    name = "fake"

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self.reads = 0

    def read(self, image: np.ndarray) -> list[OcrLine]:
        self.reads += 1
        return []
