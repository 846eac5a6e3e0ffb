"""``veribot keys rotate``: a new active encryption key, and the pool re-sealed with it."""

from __future__ import annotations

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from robotlib.audit.events import KEYS_ROTATED
from robotlib.cli.context import err_console, fail, state
from robotlib.cli.operator_identity import audit_operator
from robotlib.errors import VeribotError
from robotlib.protection import rotate_key_file
from scheduler.key_rotation import reseal
from scheduler.pool import open_pool

keys_app = typer.Typer(
    name="keys", help="The encryption keys of personal data at rest.", no_args_is_help=True
)


@keys_app.command("rotate")
def rotate(ctx: typer.Context) -> None:
    """Add a new key to the key file, make it the active one, and re-seal every stored
    application and result with it.

    Older keys stay in the file, so data sealed with them still opens (an interrupted
    rotation is finished by running it again). Copy the new key file to every host that
    shares the pool before their workers restart.
    """
    config = state(ctx).config
    try:
        keyring = rotate_key_file(config.key_file)
        with open_pool(config.database_url, config.pool, keyring=keyring) as pool:
            with Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=err_console,
            ) as progress:
                bar = progress.add_task("re-sealing", total=None)
                count = reseal(
                    pool, lambda done: progress.update(bar, description=f"re-sealed {done}")
                )
            audit_operator(pool, KEYS_ROTATED, {"active": keyring.active, "resealed": count})
    except VeribotError as exc:
        fail(str(exc))
    typer.echo(f"active key {keyring.active}; re-sealed {count} stored values")


def register(app: typer.Typer) -> None:
    """Add the ``keys`` command group to ``app``."""
    app.add_typer(keys_app)
