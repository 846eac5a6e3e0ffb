"""A hash chain over audit entries: editing or deleting one breaks every later link.

Each entry's hash is SHA-256 over its own fields and the previous entry's hash, so an entry
edited in place no longer matches its hash, and an entry deleted from the middle leaves the
next one pointing at a hash that is not its predecessor's. ``first_break`` names the first
entry at fault. (Cutting entries off the end is not visible in the chain itself: anchor the
latest hash elsewhere, for example in the daily report, to catch that.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

#: the "previous hash" of the first entry
GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One audited event. ``detail`` is JSON text and never holds personal data."""

    id: int
    at: float
    actor: str
    action: str
    ref: str | None
    detail: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain stops holding, and why."""

    entry_id: int
    reason: str

    def __str__(self) -> str:
        return f"audit record {self.entry_id}: {self.reason}"


def entry_hash(
    prev_hash: str, entry_id: int, at: float, actor: str, action: str, ref: str | None, detail: str
) -> str:
    """The hash of an entry with these fields after ``prev_hash``."""
    canonical = json.dumps(
        [prev_hash, entry_id, repr(float(at)), actor, action, ref, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def first_break(entries: Iterable[AuditEntry]) -> ChainBreak | None:
    """The first entry, in id order, that was edited or follows a deleted one; None when
    the chain holds."""
    prev_hash, prev_id = GENESIS, 0
    for entry in entries:
        if entry.id != prev_id + 1 or entry.prev_hash != prev_hash:
            missing = f"record {prev_id + 1}" if entry.id == prev_id + 2 else "records"
            return ChainBreak(
                entry.id,
                f"does not follow record {prev_id} ({missing} before it deleted or edited)",
            )
        expected = entry_hash(
            entry.prev_hash, entry.id, entry.at, entry.actor, entry.action, entry.ref, entry.detail
        )
        if expected != entry.hash:
            return ChainBreak(entry.id, "was edited: its contents no longer match its hash")
        prev_hash, prev_id = entry.hash, entry.id
    return None
