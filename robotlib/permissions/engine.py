"""Role-based access with domains on pycasbin: robots and roles hold scopes, per pool.

The rules (kept in the pool's database by a casbin adapter, so every host sees them):

- ``p, SUBJECT, POOL, SCOPE, use``: a robot or role holds ``SCOPE`` (``source:blacklist``,
  ``ocr``, ``pii:read``, ...) in ``POOL`` (``*``: every pool);
- ``g, ROBOT, ROLE, POOL``: the robot works in ``POOL`` (``*``: every pool) as ``ROLE``. A
  robot with no ``g`` rule works nowhere; ``ROLE`` may be the robot itself (direct grants).

A robot may use a scope in a pool when it works there and holds the scope there, directly
or through the role it works there as.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import casbin
from casbin.persist import Adapter
from casbin.util import key_match

from robotlib.errors import InputError

ALL_POOLS = "*"
ACTION = "use"
MODEL = """
[request_definition]
r = sub, dom, obj, act

[policy_definition]
p = sub, dom, obj, act

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub, r.dom) && keyMatch(r.dom, p.dom) && r.obj == p.obj && r.act == p.act
"""


@dataclass(frozen=True)
class Grants:
    """What one robot may do: the scopes it holds in each pool it works in (``*``: all)."""

    robot: str
    by_pool: dict[str, frozenset[str]]

    def in_pool(self, pool: str) -> frozenset[str]:
        """The scopes the robot holds for a task of ``pool`` (empty: it does not work there)."""
        if pool in self.by_pool:
            return self.by_pool[pool]
        return self.by_pool.get(ALL_POOLS, frozenset())

    @property
    def pools(self) -> list[str]:
        """The pools the robot holds any scope in, sorted."""
        return sorted(self.by_pool)


class Permissions:
    """The casbin enforcer over ``adapter``'s rules; ``reload`` picks up other hosts' changes."""

    def __init__(self, adapter: Adapter) -> None:
        model = casbin.Enforcer.new_model(text=MODEL)
        self.enforcer = casbin.Enforcer(model, adapter)
        # a g rule for pool "*" gives the role in every pool
        self.enforcer.add_named_domain_matching_func("g", key_match)

    def reload(self) -> None:
        """Read the rules again, with the changes other hosts saved."""
        self.enforcer.load_policy()

    def is_empty(self) -> bool:
        """Whether no rule has been stored yet."""
        return not self.enforcer.get_policy() and not self.enforcer.get_grouping_policy()

    def grant(self, subject: str, scopes: Iterable[str], pool: str = ALL_POOLS) -> list[str]:
        """Give ``subject`` (a robot or a role) ``scopes`` in ``pool``; the scopes it did
        not hold yet."""
        _check_name(subject, "robot or role")
        added = []
        for scope in scopes:
            _check_name(scope, "scope")
            if self.enforcer.add_policy(subject, pool, scope, ACTION):
                added.append(scope)
        return added

    def revoke(self, subject: str, scopes: Iterable[str], pool: str = ALL_POOLS) -> list[str]:
        """Take ``scopes`` in ``pool`` from ``subject``; the ones it held."""
        return [
            scope for scope in scopes if self.enforcer.remove_policy(subject, pool, scope, ACTION)
        ]

    def assign(self, robot: str, pools: Collection[str], role: str | None = None) -> None:
        """Make ``robot`` work in exactly ``pools``, as ``role`` (default: the role it had,
        else itself)."""
        _check_name(robot, "robot")
        if not pools:
            raise InputError("name at least one pool (or * for every pool)")
        current = self._assignments(robot)
        as_role = role or (current[0][1] if current else robot)
        _check_name(as_role, "role")
        for rule in current:
            self.enforcer.remove_grouping_policy(*rule)
        for pool in dict.fromkeys(pools):
            _check_name(pool, "pool")
            self.enforcer.add_grouping_policy(robot, as_role, pool)

    def robots(self) -> list[str]:
        """Every robot that works in some pool."""
        return sorted({rule[0] for rule in self.enforcer.get_grouping_policy()})

    def roles_of(self, robot: str) -> dict[str, str]:
        """The role ``robot`` works as, by pool."""
        return {pool: role for _, role, pool in self._assignments(robot)}

    def grants(self, robot: str) -> Grants:
        """The scopes ``robot`` holds in each pool it works in."""
        rules = self.enforcer.get_policy()
        scopes = {rule[2] for rule in rules}
        pools = {pool for _, _, pool in self._assignments(robot)}
        if ALL_POOLS in pools:  # pool-specific grants apply in their own pools too
            pools |= {rule[1] for rule in rules}
        return Grants(
            robot,
            {pool: frozenset(s for s in scopes if self.allows(robot, pool, s)) for pool in pools},
        )

    def allows(self, robot: str, pool: str, scope: str) -> bool:
        """Whether ``robot`` holds ``scope`` in ``pool``."""
        return bool(self.enforcer.enforce(robot, pool, scope, ACTION))

    def _assignments(self, robot: str) -> list[tuple[str, str, str]]:
        return [
            (rule[0], rule[1], rule[2])
            for rule in self.enforcer.get_grouping_policy()
            if rule[0] == robot
        ]


def _check_name(value: str, what: str) -> None:
    if not value or any(ch in value for ch in ", \t\n"):
        raise InputError(f"{what} {value!r}: use letters, digits and : . _ - only")
