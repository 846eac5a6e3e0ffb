"""The audit log, stored in the pool's database: appended in keyed-chain order, verified."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

from robotlib.audit import (
    GENESIS,
    Anchor,
    AuditEntry,
    AuditEvent,
    ChainBreak,
    entry_mac,
    first_break,
)
from scheduler.db import Row, Transaction
from scheduler.pool.base import TaskPool

_PAGE = 1000


class AuditLog:
    """Append-only audit entries in the pool database ``pool``."""

    def __init__(self, pool: TaskPool) -> None:
        self.pool = pool

    def record(self, events: Sequence[AuditEvent]) -> list[AuditEntry]:
        """Append ``events`` in one transaction, each chained to the one before."""
        if not events:
            return []
        return self.pool.database.transaction(lambda tx: self.append(tx, events))

    def append(self, tx: Transaction, events: Sequence[AuditEvent]) -> list[AuditEntry]:
        """Append ``events`` within the open transaction ``tx`` (with the work they record),
        each keyed with the pool key ring's audit key."""
        if not events:
            return []
        now = time.time()
        key = self.pool.keyring.audit_mac_key
        tx.run("audit_lock")  # appends serialise: every entry needs its predecessor's hash
        last = tx.row("audit_last")
        last_id, prev_hash = (int(last[0]), str(last[1])) if last else (0, GENESIS)
        written = []
        for offset, event in enumerate(events, start=1):
            entry_id, detail = last_id + offset, event.detail_json()
            digest = entry_mac(
                key, prev_hash, entry_id, now, event.actor, event.action, event.ref, detail
            )
            written.append(
                AuditEntry(
                    entry_id, now, event.actor, event.action, event.ref, detail, prev_hash, digest
                )
            )
            prev_hash = digest
        # one statement for the batch: a statement per entry was most of the cost of
        # storing a batch of decisions
        tx.run("audit_insert", at=now, **_columns(written))
        return written

    def entries(self) -> Iterator[AuditEntry]:
        """Every entry, oldest first."""
        after = 0
        while True:
            page = self._page(after)
            yield from (_entry(row) for row in page)
            if len(page) < _PAGE:
                return
            after = int(page[-1][0])

    def _page(self, after: int) -> list[Row]:
        return self.pool.database.transaction(
            lambda tx: tx.rows("audit_page", after=after, limit=_PAGE), write=False
        )

    def of_ref(self, ref: str) -> list[AuditEntry]:
        """The entries about application ``ref``, oldest first."""
        rows = self.pool.database.transaction(
            lambda tx: tx.rows("audit_of_ref", ref=ref), write=False
        )
        return [_entry(row) for row in rows]

    def head(self) -> Anchor | None:
        """The latest entry's id and MAC, to keep elsewhere; None while the log is empty."""
        last = self.pool.database.transaction(lambda tx: tx.row("audit_last"), write=False)
        return None if last is None else Anchor(int(last[0]), str(last[1]))

    def verify(self, anchor: Anchor | None = None) -> tuple[int, ChainBreak | None]:
        """How many entries were checked, and the first break in the chain (None: intact);
        with ``anchor`` (a former ``head``), entries removed from the end are a break too."""
        checked = 0
        keyring = self.pool.keyring

        def counted() -> Iterator[AuditEntry]:
            nonlocal checked
            for entry in self.entries():
                checked += 1
                yield entry

        problem = first_break(
            counted(),
            keyring.audit_mac_key,
            unkeyed_allowed=keyring.unkeyed_audit_allowed,
            anchor=anchor,
        )
        return checked, problem


def _columns(entries: list[AuditEntry]) -> dict[str, object]:
    """The column lists of ``audit_insert`` for ``entries``, in order."""
    return {
        "ids": [entry.id for entry in entries],
        "actors": [entry.actor for entry in entries],
        "actions": [entry.action for entry in entries],
        "refs": [entry.ref for entry in entries],
        "details": [entry.detail for entry in entries],
        "prev_hashes": [entry.prev_hash for entry in entries],
        "hashes": [entry.hash for entry in entries],
    }


def _entry(row: Row) -> AuditEntry:
    entry_id, at, actor, action, ref, detail, prev_hash, digest = row
    return AuditEntry(int(entry_id), float(at), actor, action, ref, detail, prev_hash, digest)
