"""Turning read applications into tasks: the kind must name an installed bot, whose scopes the
task then requires."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from robotlib.bot import Bot
from robotlib.intake import IntakeRecord, RecordError
from scheduler.conflicts import conflict_errors
from scheduler.pool.base import DEFAULT_MAX_ATTEMPTS, SubmitReport, TaskPool


def submit_records(
    pool: TaskPool,
    records: Iterable[IntakeRecord],
    bots: Mapping[str, type[Bot]],
    *,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> tuple[SubmitReport, list[RecordError]]:
    """Submit every record whose kind a bot handles; the others become record errors, and so
    does every record whose ref the pool holds with other content (a conflict).

    A task no bot handles would wait in the pool forever, so it is refused at the door.
    """
    records = list(records)
    accepted = []
    errors = []
    for record in records:
        kind = record.application.kind
        if kind in bots:
            accepted.append(record.application)
        else:
            installed = ", ".join(sorted(bots)) or "none"
            errors.append(
                RecordError(
                    record.line,
                    record.application.ref,
                    "kind",
                    f"no installed bot handles kind {kind!r} (installed: {installed})",
                )
            )
    scopes = {name: bot.scopes for name, bot in bots.items()}
    report = pool.submit(accepted, scopes, max_attempts=max_attempts)
    return report, errors + conflict_errors(records, accepted, report)
