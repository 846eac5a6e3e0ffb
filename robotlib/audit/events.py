"""What the audited parts of veribot report: an event, before it is chained and stored."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

#: the actions veribot audits
SOURCE_QUERY = "source.query"
PERMISSION_DENIED = "permission.denied"
DECISION = "decision"
GRANT_CHANGED = "grant.changed"
EXPORT_UNMASKED = "export.unmasked"
KEYS_ROTATED = "keys.rotated"
USER_CHANGED = "user.changed"


@dataclass(frozen=True)
class AuditEvent:
    """Who did what, about which application. ``detail`` holds no personal data: names of
    sources and scopes, decisions and reason codes, counts."""

    actor: str
    action: str
    ref: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def detail_json(self) -> str:
        """``detail`` as compact JSON, keys sorted: the same detail always gives the same text."""
        return json.dumps(self.detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
