"""Robot identities stored with the pool: the permission engine over its rules, and the
first robot of a new pool."""

from __future__ import annotations

from collections.abc import Collection

from robotlib.audit.events import GRANT_CHANGED, AuditEvent
from robotlib.errors import InputError
from robotlib.permissions import ALL_POOLS, Permissions
from robotlib.permissions.engine import ACTION
from scheduler.audit_log import AuditLog
from scheduler.policy_store import PoolPolicyAdapter
from scheduler.pool.base import TaskPool


def pool_permissions(pool: TaskPool) -> Permissions:
    """The permission engine over the rules in ``pool``'s database."""
    return Permissions(PoolPolicyAdapter(pool))


def seed_first_robot(
    pool: TaskPool, permissions: Permissions, robot: str, scopes: Collection[str], actor: str
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


def revoke_scopes(
    permissions: Permissions, subject: str, scopes: Collection[str], pool: str
) -> list[str]:
    """Take ``scopes`` in ``pool`` from ``subject``; the ones it held there.

    :raises InputError: a scope would stay usable in ``pool`` after the revoke, because
        ``subject`` holds it in every pool (``*``: such a grant cannot be narrowed to "all
        pools but one") or through the role it works there as. Nothing is revoked then.
    """
    direct = _direct_grants(permissions, subject)
    roles = permissions.roles_of(subject)
    role = roles.get(pool, roles.get(ALL_POOLS, subject))
    for scope in scopes:
        if pool != ALL_POOLS and (ALL_POOLS, scope) in direct:
            raise InputError(
                f"{subject!r} holds {scope} in every pool (*), which cannot be narrowed to all "
                f"pools but {pool}: revoke it with --pool '*', then grant it in each pool that "
                "keeps it"
            )
        if role != subject and permissions.allows(role, pool, scope):
            raise InputError(
                f"{subject!r} holds {scope} in {pool} through its role {role!r}: revoke it "
                f"from the role (every robot of that role loses it) or assign {subject!r} "
                "another role"
            )
    return permissions.revoke(subject, scopes, pool)


def scopes_by_pool(permissions: Permissions, subject: str) -> dict[str, list[str]]:
    """The scopes ``subject`` holds, by pool: for a robot that works somewhere, the ones it
    may use (its own and its roles'); for a role, the ones granted to it."""
    if subject in permissions.robots():
        by_pool = permissions.grants(subject).by_pool
        return {pool: sorted(scopes) for pool, scopes in sorted(by_pool.items())}
    granted: dict[str, list[str]] = {}
    for pool, scope in sorted(_direct_grants(permissions, subject)):
        granted.setdefault(pool, []).append(scope)
    return granted


def _direct_grants(permissions: Permissions, subject: str) -> set[tuple[str, str]]:
    """(pool, scope) of every rule granting ``subject`` itself a scope."""
    rules = permissions.enforcer.get_filtered_policy(0, subject)
    return {(rule[1], rule[2]) for rule in rules}
