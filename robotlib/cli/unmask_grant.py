"""``--unmask``: who may see personal data in full, checked and audited the same way by every
command that offers it."""

from __future__ import annotations

from collections.abc import Mapping

import typer

from robotlib.audit.events import EXPORT_UNMASKED, PERMISSION_DENIED
from robotlib.cli.context import fail, state
from robotlib.cli.operator_identity import audit_operator
from robotlib.permissions import ALL_POOLS
from scheduler.pool import TaskPool
from scheduler.robots import pool_permissions

#: the scope that allows reading personal data in full
PII_READ = "pii:read"


def authorise_unmasked(
    ctx: typer.Context, pool: TaskPool, as_identity: str | None, detail: Mapping[str, object]
) -> None:
    """Refuse, audited, unless ``as_identity`` (default: the configured robot) holds
    ``pii:read`` in every pool; audit the unmasked output itself with ``detail`` (what is
    shown: counts and flags, never personal data)."""
    identity = as_identity or state(ctx).config.security.robot
    allowed = pool_permissions(pool).allows(identity, ALL_POOLS, PII_READ)
    audited = {"as": identity, "scope": PII_READ, **detail}
    audit_operator(pool, EXPORT_UNMASKED if allowed else PERMISSION_DENIED, audited)
    if not allowed:
        fail(f"{identity!r} is not granted {PII_READ}: veribot robots grant {identity} {PII_READ}")
