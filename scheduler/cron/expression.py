"""Cron expressions (croniter) read in a time zone: validation and the next run time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from scheduler.errors import SchedulerError


class ScheduleError(SchedulerError):
    """A schedule is invalid."""


def check(cron: str, timezone: str) -> None:
    """:raises ScheduleError: the expression or the zone is not valid."""
    if len(cron.split()) != 5 or not croniter.is_valid(cron):
        raise ScheduleError(
            f"{cron!r} is not a five-field cron expression (minute hour day month weekday), "
            "for example '0 2 * * *' for 02:00 every day"
        )
    _zone(timezone)


def next_run(cron: str, timezone: str, after: float) -> float:
    """The first time strictly after ``after`` (Unix seconds) that ``cron`` names."""
    start = dt.datetime.fromtimestamp(after, _zone(timezone))
    following = croniter(cron, start).get_next(dt.datetime)
    return float(following.timestamp())


def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"{timezone!r} is not a known time zone (IANA name, e.g. Asia/Shanghai or UTC)"
        ) from None
