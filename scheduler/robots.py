"""Robot identities stored with the pool: the permission engine over its rules, and the
first robot of a new pool."""

from __future__ import annotations

from collections.abc import Collection

from robotlib.audit.events import GRANT_CHANGED, AuditEvent
from robotlib.permissions import ALL_POOLS, Permissions
from robotlib.permissions.engine import ACTION
from scheduler.audit_log import AuditLog
from scheduler.policy_store import PoolPolicyAdapter
from scheduler.pool.sql import SqlPool


def pool_permissions(pool: SqlPool) -> Permissions:
    """The permission engine over the rules in ``pool``'s database."""
    return Permissions(PoolPolicyAdapter(pool))


def seed_first_robot(
    pool: SqlPool, permissions: Permissions, robot: str, scopes: Collection[str], actor: str
) -> list[str] | None:
    """When no rule exists yet, let ``robot`` work in every pool with ``scopes``: every rule
    in one transaction, so workers starting side by side see all of them or none.

    :returns: the scopes granted, or None when rules existed (nothing changed).
    """
    granted = sorted(scopes)
    rules = [("p", [robot, ALL_POOLS, scope, ACTION]) for scope in granted]
    rules.append(("g", [robot, robot, ALL_POOLS]))
    seeded = PoolPolicyAdapter(pool).seed(rules)
    permissions.reload()
    if not seeded:
        return None
    detail = {"robot": robot, "granted": granted, "pools": [ALL_POOLS]}
    AuditLog(pool).record([AuditEvent(actor, GRANT_CHANGED, detail=detail)])
    return granted
