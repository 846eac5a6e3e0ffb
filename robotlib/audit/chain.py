"""A keyed hash chain over audit entries: editing, deleting or re-hashing one breaks a link.

Each entry's MAC is HMAC-SHA256, under the audit key of the key file (never stored in the
database), over its own fields and the previous entry's MAC. An entry edited in place no
longer matches its MAC, an entry deleted from the middle leaves the next one pointing at a
MAC that is not its predecessor's, and someone who can write to the database but does not
hold the key cannot compute the MACs of a rewritten chain. ``first_break`` names the first
entry at fault. Entries cut off the end leave no gap: an :class:`Anchor` (the head's id and
MAC, kept elsewhere) catches that.

Versions: a keyed entry's MAC is written ``v2:<hex>``. Entries written before the chain was
keyed carry a bare plain SHA-256 hex digest (version 1); they still verify as before, but
only before the first keyed entry, and only when the key ring allows them (a key file with
its own ``audit`` key, as ``veribot init`` creates, never does).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass

#: the "previous hash" of the first entry
GENESIS = "0" * 64
#: the mark of a keyed (version 2) MAC
KEYED = "v2:"


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

    @property
    def version(self) -> int:
        """2 for a keyed entry, 1 for a plain SHA-256 one written before the upgrade."""
        return 2 if self.hash.startswith(KEYED) else 1


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain stops holding, and why."""

    entry_id: int
    reason: str

    def __str__(self) -> str:
        return f"audit record {self.entry_id}: {self.reason}"


@dataclass(frozen=True)
class Anchor:
    """The head of the chain, written down elsewhere: ``<id>:<MAC>``."""

    entry_id: int
    hash: str

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Anchor:
        """The anchor printed by ``veribot audit anchor``; :raises ValueError: not one."""
        entry_id, _, digest = text.strip().partition(":")
        if not entry_id.isdigit() or int(entry_id) < 1 or not digest:
            raise ValueError(f"anchor {text!r} is not <record id>:<MAC> (veribot audit anchor)")
        return cls(int(entry_id), digest)


def _canonical(fields: list[object]) -> bytes:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(
    prev_hash: str, entry_id: int, at: float, actor: str, action: str, ref: str | None, detail: str
) -> str:
    """The plain SHA-256 hash (version 1) of an entry with these fields after ``prev_hash``."""
    canonical = _canonical([prev_hash, entry_id, repr(float(at)), actor, action, ref, detail])
    return hashlib.sha256(canonical).hexdigest()


def entry_mac(
    key: bytes,
    prev_hash: str,
    entry_id: int,
    at: float,
    actor: str,
    action: str,
    ref: str | None,
    detail: str,
) -> str:
    """The keyed MAC (version 2) of an entry with these fields after ``prev_hash``."""
    canonical = _canonical([2, prev_hash, entry_id, repr(float(at)), actor, action, ref, detail])
    return KEYED + hmac.new(key, canonical, hashlib.sha256).hexdigest()


def _expected(entry: AuditEntry, key: bytes | None) -> str | None:
    fields = (entry.prev_hash, entry.id, entry.at, entry.actor, entry.action, entry.ref)
    if entry.version == 1:
        return entry_hash(*fields, entry.detail)
    return None if key is None else entry_mac(key, *fields, entry.detail)


def first_break(
    entries: Iterable[AuditEntry],
    key: bytes | None = None,
    *,
    unkeyed_allowed: bool = True,
    anchor: Anchor | None = None,
) -> ChainBreak | None:
    """The first entry, in id order, that was edited, re-hashed without the key, or follows a
    deleted one; with ``anchor``, also the anchored entry when it was removed or replaced.
    None when the chain holds.

    :param key: the audit key that keyed entries are checked with.
    :param unkeyed_allowed: plain SHA-256 entries (written before the upgrade) are accepted
        before the first keyed one.
    """
    prev_hash, prev_id, keyed_seen = GENESIS, 0, False
    for entry in entries:
        if entry.id != prev_id + 1 or entry.prev_hash != prev_hash:
            missing = f"record {prev_id + 1}" if entry.id == prev_id + 2 else "records"
            return ChainBreak(
                entry.id,
                f"does not follow record {prev_id} ({missing} before it deleted or edited)",
            )
        if entry.version == 1 and (keyed_seen or not unkeyed_allowed):
            return ChainBreak(
                entry.id,
                "carries a plain SHA-256 hash where a keyed MAC is due (rewritten without "
                "the audit key)",
            )
        if _expected(entry, key) != entry.hash:
            return ChainBreak(entry.id, "was edited: its contents no longer match its MAC")
        if anchor is not None and entry.id == anchor.entry_id and entry.hash != anchor.hash:
            return ChainBreak(entry.id, "does not match the anchor (rewritten after it was taken)")
        keyed_seen = keyed_seen or entry.version == 2
        prev_hash, prev_id = entry.hash, entry.id
    if anchor is not None and prev_id < anchor.entry_id:
        return ChainBreak(
            anchor.entry_id,
            f"is missing: the chain ends at record {prev_id}, so records after it were "
            "removed since the anchor was taken",
        )
    return None
