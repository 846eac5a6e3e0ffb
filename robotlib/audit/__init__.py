"""The tamper-evident audit trail: entries, their hash chain, and its verification."""

from robotlib.audit.chain import GENESIS, AuditEntry, ChainBreak, entry_hash, first_break
from robotlib.audit.events import AuditEvent

__all__ = ["GENESIS", "AuditEntry", "AuditEvent", "ChainBreak", "entry_hash", "first_break"]
