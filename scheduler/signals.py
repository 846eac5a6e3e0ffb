"""Graceful stop: SIGTERM and SIGINT ask a process to finish its current task, then exit."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from loguru import logger

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextmanager
def stop_on_signals(stop: threading.Event | None = None) -> Iterator[threading.Event]:
    """Within the block, SIGTERM and SIGINT set the returned event instead of killing.

    Handlers can only be installed from the main thread; elsewhere the event is returned
    untouched and only the caller sets it. The previous handlers are restored on exit.
    """
    event = threading.Event() if stop is None else stop
    if threading.current_thread() is not threading.main_thread():
        yield event
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        logger.info("{signal}: stopping after the current task", signal=signal.strsignal(signum))
        event.set()

    previous = {sig: signal.signal(sig, handle) for sig in STOP_SIGNALS}
    try:
        yield event
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
