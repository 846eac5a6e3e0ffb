"""Which waiting tasks a robot can take, and why not: a run that waits for the pool to empty
must say at once when it never will, instead of waiting forever."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from robotlib.permissions import ALL_POOLS, Grants
from scheduler.errors import UntakeableTasks
from scheduler.pool.base import TaskPool, WaitingGroup
from scheduler.robots import pool_permissions


@dataclass(frozen=True)
class Untakeable:
    """Waiting tasks with the same needs that a robot cannot take."""

    group: WaitingGroup
    #: why, and the command that would let it
    reason: str

    def describe(self) -> str:
        """One line for the operator: how many tasks, which, and why."""
        group = self.group
        tasks = "1 task" if group.tasks == 1 else f"{group.tasks} tasks"
        first = group.first_ref if group.tasks == 1 else f"first {group.first_ref}"
        return f"{tasks} of kind {group.kind} in pool {group.pool} ({first}): {self.reason}"


def why_not_takeable(group: WaitingGroup, grants: Grants) -> str | None:
    """Why ``grants``' robot cannot take the tasks of ``group``; None when it can."""
    robot, pool = grants.robot, group.pool
    if pool not in grants.by_pool and ALL_POOLS not in grants.by_pool:
        return f"robot {robot} does not work in this pool (veribot robots assign {robot} -p {pool})"
    missing = sorted(group.scopes - grants.in_pool(pool))
    if missing:
        return (
            f"robot {robot} lacks scope {', '.join(missing)} here "
            f"(veribot robots grant {robot} {' '.join(missing)} -p {pool})"
        )
    return None


def untakeable(
    groups: Iterable[WaitingGroup],
    grants: Grants,
    kinds: Collection[str] | None = None,
    pools: Collection[str] | None = None,
) -> list[Untakeable]:
    """The groups of waiting tasks of ``kinds`` and ``pools`` (None: any) that ``grants``'
    robot cannot take, with the reason for each."""
    found = []
    for group in groups:
        if (kinds is not None and group.kind not in kinds) or (
            pools is not None and group.pool not in pools
        ):
            continue
        reason = why_not_takeable(group, grants)
        if reason is not None:
            found.append(Untakeable(group, reason))
    return found


def refuse_untakeable(pool: TaskPool, robot: str, pools: Collection[str] | None) -> None:
    """Raise when waiting tasks of ``pools`` (None: every pool) are beyond ``robot``.

    A pool database without any robot rule passes: its first worker grants its robot its
    bots' scopes everywhere.

    :raises UntakeableTasks: one line naming each group of such tasks and why.
    """
    permissions = pool_permissions(pool)
    if permissions.is_empty():
        return
    stuck = untakeable(pool.waiting_needs(), permissions.grants(robot), pools=pools)
    if stuck:
        count = sum(item.group.tasks for item in stuck)
        raise UntakeableTasks(
            f"robot {robot} cannot take {count} waiting task(s), so the pool would never "
            f"empty: {'; '.join(item.describe() for item in stuck)}"
        )
