"""Refs submitted again with other content, as one error per record that was refused."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence

from robotlib.intake import IntakeRecord, RecordError
from robotlib.model import Application
from scheduler.pool.base import SubmitReport

CONFLICT = (
    "conflict: this ref was already submitted with other content, and the task keeps the "
    "first; submit a changed application under a new ref"
)


def conflict_errors(
    records: Sequence[IntakeRecord], submitted: Collection[Application], report: SubmitReport
) -> list[RecordError]:
    """One error per record of ``records`` that ``report`` counts as a conflict.

    :param submitted: the applications that were given to ``TaskPool.submit`` (records of
        other applications were refused before and cannot conflict).
    :param report: what ``submit`` did. It lists conflicting refs, not records, so the records
        are found by the pool's rule: a ref whose first application differs from the task's
        makes every record with it a conflict; otherwise the repeats that differ from the
        first are.
    """
    given = {id(application) for application in submitted}
    by_ref: dict[str, list[IntakeRecord]] = defaultdict(list)
    for record in records:
        if id(record.application) in given:
            by_ref[record.application.ref].append(record)
    errors = []
    for ref, count in Counter(report.conflicts).items():
        first, *repeats = by_ref[ref]
        refused = (
            [first, *repeats]
            if count == len(by_ref[ref])
            else [r for r in repeats if r.application != first.application]
        )
        errors += [RecordError(record.line, ref, "ref", CONFLICT) for record in refused]
    return errors
