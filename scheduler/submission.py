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
    unserved: Mapping[str, str] | None = None,
) -> tuple[SubmitReport, list[RecordError]]:
    """Submit every record whose kind a bot handles; the others become record errors, and so
    does every record whose ref the pool holds with other content (a conflict).

    A task no bot handles would wait in the pool forever, so it is refused at the door; so
    is one whose bot is installed but not served by this configuration.

    :param bots: the installed bots, by kind.
    :param unserved: why no worker serves some of them (``unserved_kinds``): their
        applications are refused too.
    """
    records = list(records)
    unserved = unserved or {}
    accepted = []
    errors = []
    for record in records:
        kind = record.application.kind
        why = _refusal(kind, bots, unserved)
        if why is None:
            accepted.append(record.application)
        else:
            errors.append(RecordError(record.line, record.application.ref, "kind", why))
    scopes = {name: bot.scopes for name, bot in bots.items()}
    report = pool.submit(accepted, scopes, max_attempts=max_attempts)
    return report, errors + conflict_errors(records, accepted, report)


def _refusal(kind: str, bots: Mapping[str, type[Bot]], unserved: Mapping[str, str]) -> str | None:
    """Why an application of ``kind`` cannot be submitted, or None."""
    if kind in unserved:
        return f"no worker serves kind {kind!r}: its bot {unserved[kind]}"
    if kind not in bots:
        installed = ", ".join(sorted(bots)) or "none"
        return f"no installed bot handles kind {kind!r} (installed: {installed})"
    return None
