"""``veribot robots``: robot identities, the scopes they hold and the pools they work in."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from robotlib.audit.events import GRANT_CHANGED
from robotlib.cli.context import console, fail
from robotlib.cli.operator_identity import audit_operator
from robotlib.cli.pool_access import configured_pool
from robotlib.errors import VeribotError
from robotlib.permissions import ALL_POOLS
from scheduler.robots import pool_permissions, revoke_scopes, scopes_by_pool

robots_app = typer.Typer(
    name="robots",
    help="Robot identities: grant and revoke scopes (source:NAME, ocr, pii:read, ...), "
    "assign pools. Running workers pick changes up within seconds.",
    no_args_is_help=True,
)
PoolOption = Annotated[
    str,
    typer.Option("--pool", "-p", help="The pool (branch / business line); * for every pool."),
]
Subject = Annotated[str, typer.Argument(help="A robot, or a role robots are assigned as.")]
Scopes = Annotated[list[str], typer.Argument(help="Scopes, e.g. source:blacklist ocr pii:read.")]


@robots_app.command("list")
def list_robots(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per robot.")] = False,
) -> None:
    """Every robot with its role and scopes in each pool it works in."""
    with configured_pool(ctx) as pool:
        permissions = pool_permissions(pool)
        rows = [
            (robot, permissions.roles_of(robot), permissions.grants(robot))
            for robot in permissions.robots()
        ]
    if as_json:
        for robot, roles, grants in rows:
            by_pool = {p: sorted(s) for p, s in grants.by_pool.items()}
            typer.echo(json.dumps({"robot": robot, "roles": roles, "scopes": by_pool}))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("robot", "pool", "role", "scopes"):
        table.add_column(column, overflow="fold")
    for robot, roles, grants in rows:
        for pool_name, scopes in sorted(grants.by_pool.items()):
            role = roles.get(pool_name, roles.get(ALL_POOLS, ""))
            table.add_row(robot, pool_name, role, " ".join(sorted(scopes)) or "-")
    console.print(table if rows else "no robots: veribot init, or veribot robots assign")


@robots_app.command("grant")
def grant(
    ctx: typer.Context, subject: Subject, scopes: Scopes, pool: PoolOption = ALL_POOLS
) -> None:
    """Give a robot or role scopes, in one pool or in every pool; then print the scopes it
    holds in each pool."""
    _change_scopes(ctx, "granted", subject, scopes, pool)


@robots_app.command("revoke")
def revoke(
    ctx: typer.Context, subject: Subject, scopes: Scopes, pool: PoolOption = ALL_POOLS
) -> None:
    """Take scopes from a robot or role; then print the scopes it holds in each pool.

    Refused, with nothing changed, when a scope would stay usable in the pool: held in
    every pool (*) while revoking in one (revoke in * and grant it in the pools that keep
    it), or held through the robot's role (revoke it from the role).
    """
    _change_scopes(ctx, "revoked", subject, scopes, pool)


def _change_scopes(
    ctx: typer.Context, verb: str, subject: str, scopes: list[str], pool: str
) -> None:
    with configured_pool(ctx) as sql_pool:
        permissions = pool_permissions(sql_pool)
        try:
            if verb == "granted":
                changed = permissions.grant(subject, scopes, pool)
            else:
                changed = revoke_scopes(permissions, subject, scopes, pool)
        except VeribotError as exc:
            fail(str(exc))
        audit_operator(sql_pool, GRANT_CHANGED, {"subject": subject, verb: changed, "pool": pool})
        held = scopes_by_pool(permissions, subject)
    typer.echo(f"{subject}: {verb} {', '.join(changed) or 'nothing'} in {pool}")
    typer.echo(f"{subject} now holds:" if held else f"{subject} now holds no scope")
    for pool_name, pool_scopes in held.items():
        typer.echo(f"  {pool_name}: {' '.join(pool_scopes) or '-'}")


@robots_app.command("assign")
def assign(
    ctx: typer.Context,
    robot: Annotated[str, typer.Argument(help="The robot.")],
    pools: Annotated[
        list[str],
        typer.Option("--pool", "-p", help="A pool it works in (repeat; * for every pool)."),
    ],
    role: Annotated[
        str | None, typer.Option(help="The role it works as (default: as before).")
    ] = None,
) -> None:
    """Make a robot work in exactly these pools (replacing its pools so far)."""
    with configured_pool(ctx) as sql_pool:
        permissions = pool_permissions(sql_pool)
        permissions.assign(robot, pools, role)
        roles = permissions.roles_of(robot)
        detail: dict[str, object] = {
            "robot": robot,
            "pools": sorted(roles),
            "roles": sorted(set(roles.values())),
        }
        audit_operator(sql_pool, GRANT_CHANGED, detail)
    typer.echo(f"{robot}: works in {', '.join(sorted(roles))}")


def register(app: typer.Typer) -> None:
    """Add the ``robots`` command group to ``app``."""
    app.add_typer(robots_app)
