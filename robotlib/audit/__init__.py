"""The tamper-evident audit trail: entries, their keyed chain, and its verification."""

from robotlib.audit.chain import (
    GENESIS,
    Anchor,
    AuditEntry,
    ChainBreak,
    entry_hash,
    entry_mac,
    first_break,
)
from robotlib.audit.events import AuditEvent

__all__ = [
    "GENESIS",
    "Anchor",
    "AuditEntry",
    "AuditEvent",
    "ChainBreak",
    "entry_hash",
    "entry_mac",
    "first_break",
]
