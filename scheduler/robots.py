"""Robot identities stored with the pool: the permission engine over its rules, and the
first robot of a new pool."""

from __future__ import annotations

from collections.abc import Collection

from robotlib.audit.events import GRANT_CHANGED, AuditEvent
from robotlib.permissions import ALL_POOLS, Permissions
from scheduler.audit_log import AuditLog
from scheduler.policy_store import PoolPolicyAdapter
from scheduler.pool.sql import SqlPool


def pool_permissions(pool: SqlPool) -> Permissions:
    """The permission engine over the rules in ``pool``'s database."""
    return Permissions(PoolPolicyAdapter(pool))


def seed_first_robot(
    permissions: Permissions, audit: AuditLog, robot: str, scopes: Collection[str], actor: str
) -> list[str] | None:
    """When no rule exists yet, let ``robot`` work in every pool with ``scopes``.

    :returns: the scopes granted, or None when rules existed (nothing changed).
    """
    if not permissions.is_empty():
        return None
    granted = permissions.grant(robot, sorted(scopes))
    permissions.assign(robot, [ALL_POOLS])
    audit.record(
        [
            AuditEvent(
                actor,
                GRANT_CHANGED,
                detail={"robot": robot, "granted": granted, "pools": [ALL_POOLS]},
            )
        ]
    )
    return granted
