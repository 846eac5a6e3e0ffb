"""``veribot users``: operator accounts (reviewer, operator, admin) with argon2 passwords."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from robotlib.audit.events import USER_CHANGED
from robotlib.cli.context import console, fail
from robotlib.cli.operator_identity import audit_operator
from robotlib.cli.pool_access import configured_pool
from scheduler.operators import MIN_PASSWORD_LENGTH, OperatorRole, Operators

users_app = typer.Typer(
    name="users",
    help="Operator accounts for the API and review console: add, change password, disable.",
    no_args_is_help=True,
)
Name = Annotated[str, typer.Argument(help="The operator's login name.")]
PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from the first line of stdin (scripts)."
    ),
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(
        typer.prompt(
            f"password (at least {MIN_PASSWORD_LENGTH} characters)",
            hide_input=True,
            confirmation_prompt=True,
        )
    )


@users_app.command("add")
def add(
    ctx: typer.Context,
    name: Name,
    role: Annotated[OperatorRole, typer.Option(help="What the operator may do.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an operator account."""
    password = _password(password_stdin)
    with configured_pool(ctx) as pool:
        Operators(pool).add(name, password, role)
        audit_operator(pool, USER_CHANGED, {"user": name, "added": role.value})
    typer.echo(f"operator {name} added as {role.value}")


@users_app.command("passwd")
def passwd(ctx: typer.Context, name: Name, password_stdin: PasswordStdin = False) -> None:
    """Set an operator's password."""
    password = _password(password_stdin)
    with configured_pool(ctx) as pool:
        Operators(pool).set_password(name, password)
        audit_operator(pool, USER_CHANGED, {"user": name, "password": "changed"})
    typer.echo(f"password of {name} changed")


@users_app.command("disable")
def disable(ctx: typer.Context, name: Name) -> None:
    """Disable an operator account (it can no longer sign in; its history stays)."""
    with configured_pool(ctx) as pool:
        Operators(pool).disable(name)
        audit_operator(pool, USER_CHANGED, {"user": name, "disabled": True})
    typer.echo(f"operator {name} disabled")


@users_app.command("list")
def list_users(ctx: typer.Context) -> None:
    """Every operator account with its role."""
    with configured_pool(ctx) as pool:
        operators = Operators(pool).list()
    if not operators:
        fail("no operators: veribot users add NAME --role admin")
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("name", "role", "state"):
        table.add_column(column)
    for operator in operators:
        table.add_row(
            operator.name, operator.role.value, "disabled" if operator.disabled else "enabled"
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the ``users`` command group to ``app``."""
    app.add_typer(users_app)
