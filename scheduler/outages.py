"""Sources a worker found down: it postpones their tasks and leaves them alone meanwhile."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

#: the scope a task needs for each source its bot queries (``robotlib.bot``)
SOURCE_SCOPE = "source:{}"


class Outage(NamedTuple):
    """One source found down."""

    #: when the source's tasks may be tried again (Unix seconds)
    until: float
    #: outages of this source in a row, this one included
    streak: int


class SourceOutages:
    """The sources this worker found down, and until when it leaves their tasks alone.

    A task that meets a source outage is postponed to the source's next trial: the moment
    its circuit breaker lets a request through when the connector says so, else a back-off
    that grows with every outage of the source in a row (``back_off(streak)`` seconds).
    Until then the worker claims without the source's scope, so it takes no task that needs
    the source and spends neither attempts nor CPU on them; other tasks go on.
    """

    def __init__(
        self, back_off: Callable[[int], float], clock: Callable[[], float] = time.time
    ) -> None:
        self._back_off = back_off
        self._clock = clock
        self._down: dict[str, Outage] = {}

    def record(self, source: str, trial_at: float | None) -> float:
        """Note that ``source`` is down; ``trial_at``: when its circuit lets a trial through
        (None: unknown).

        :returns: when the tasks that need ``source`` may be tried again (Unix seconds).
        """
        now = self._clock()
        previous = self._down.get(source)
        # an outage that follows the last one's trial at once is the same outage going on
        streak = (
            1
            if previous is None or now > previous.until + self._back_off(1)
            else (previous.streak + 1)
        )
        if trial_at is not None and trial_at > now:
            until = trial_at
        else:
            until = now + self._back_off(streak)
        self._down[source] = Outage(until, streak)
        return until

    def scopes_down(self) -> frozenset[str]:
        """The ``source:NAME`` scopes of the sources whose tasks must not be claimed now."""
        now = self._clock()
        return frozenset(
            SOURCE_SCOPE.format(source) for source, down in self._down.items() if down.until > now
        )
