"""Who is at the keyboard, for the audit log of commands that change or reveal things."""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping

from robotlib.audit.events import AuditEvent
from scheduler.audit_log import AuditLog
from scheduler.pool import TaskPool

OPERATOR_ENV = "VERIBOT_OPERATOR"


def operator_name() -> str:
    """``$VERIBOT_OPERATOR``, else the login name."""
    return os.environ.get(OPERATOR_ENV) or getpass.getuser()


def audit_operator(pool: TaskPool, action: str, detail: Mapping[str, object]) -> None:
    """Add what the operator at the keyboard did to ``pool``'s audit log."""
    AuditLog(pool).record([AuditEvent(operator_name(), action, detail=dict(detail))])
