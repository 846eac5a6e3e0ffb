"""``veribot init``: the encryption key file, the pool database and the first robot."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from robotlib.cli.context import fail, state
from robotlib.cli.operator_identity import operator_name
from robotlib.cli.pool_access import configured_pool
from robotlib.errors import VeribotError
from robotlib.plugins.host import get_bots
from robotlib.protection.keystore import KEYS_ENV
from scheduler.db.schema import upgrade_schema
from scheduler.pool_keys import create_pool_key_file
from scheduler.robots import pool_permissions, seed_first_robot


def init(
    ctx: typer.Context,
    robot: Annotated[
        str | None,
        typer.Option(help="The first robot identity (default: \\[security] robot)."),
    ] = None,
) -> None:
    """Set up veribot: create or upgrade the pool database (as veribot migrate), create
    the encryption key file (\\[security] key_file) unless keys exist, and, when no robot
    permission exists yet, let the first robot work in every pool with the scopes of the
    installed bots.

    Keep a copy of the key file where the bank keeps its secrets: the personal data in
    the pool cannot be read without it. Every host of a PostgreSQL pool needs the same
    key file (or $VERIBOT_KEYS): on a second host, copy the key file over first; init
    refuses to create new keys for a pool whose data is sealed with others, and refuses
    keys that lack one the pool uses. Running it again changes nothing that exists.
    """
    config = state(ctx).config
    try:
        schema = upgrade_schema(config.database_url)
    except VeribotError as exc:
        fail(str(exc))
    key_file = config.key_file
    if os.environ.get(KEYS_ENV):
        typer.echo(f"keys: from ${KEYS_ENV}")
    elif key_file.exists():
        typer.echo(f"keys: {key_file} exists, kept")
    else:
        try:
            create_pool_key_file(config)
        except VeribotError as exc:
            fail(str(exc))
        typer.echo(f"keys: created {key_file} (owner-only; keep a copy)")
    name = robot or config.security.robot
    scopes = frozenset().union(*(bot.scopes for bot in get_bots().values()))
    with configured_pool(ctx) as pool:
        granted = seed_first_robot(pool, pool_permissions(pool), name, scopes, operator_name())
    applied = f", {len(schema.pending)} migration(s) applied" if schema.pending else ""
    typer.echo(
        f"pool: {config.database_url.partition('://')[0]} database ready "
        f"(schema version {schema.version_now}{applied})"
    )
    if granted is None:
        typer.echo("robots: permissions exist, kept (veribot robots list)")
    else:
        typer.echo(f"robots: {name} works in every pool with {', '.join(granted) or 'no scope'}")


def register(app: typer.Typer) -> None:
    """Add the ``init`` command to ``app``."""
    app.command()(init)
