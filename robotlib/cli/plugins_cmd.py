"""``veribot plugins``: what is loaded, which hooks each plugin implements, which of its bots
this veribot.toml serves, and which plugins could not be loaded."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from robotlib.cli.context import console, state
from robotlib.config import Config
from robotlib.plugins.host import bot_plugins, describe_plugins, implementers, plugin_failures
from robotlib.plugins.serving import bot_serving


def plugin_documents(config: Config) -> list[dict[str, object]]:
    """One object per plugin: ``name``, ``hooks`` and ``bots`` (each with ``served`` and,
    when not served, ``why``); a plugin that could not be loaded has no hooks and says
    ``distribution`` and ``error``."""
    unserved = bot_serving(config).unserved
    bots_of: dict[str, list[dict[str, object]]] = {}
    for bot, plugin in sorted(bot_plugins().items()):
        entry: dict[str, object] = {"name": bot, "served": bot not in unserved}
        if bot in unserved:
            entry["why"] = unserved[bot]
        bots_of.setdefault(plugin, []).append(entry)
    documents: list[dict[str, object]] = [
        {"name": name, "hooks": hooks, "bots": bots_of.get(name, [])}
        for name, hooks in describe_plugins()
    ]
    documents += [
        {
            "name": failure.name,
            "hooks": [],
            "bots": [],
            "distribution": failure.distribution,
            "error": failure.error,
        }
        for failure in plugin_failures()
    ]
    return documents


def _bots_cell(document: dict[str, object]) -> Text:
    if "error" in document:
        return Text(f"not loaded ({document['distribution']}): {document['error']}", style="red")
    bots = document["bots"]
    assert isinstance(bots, list)
    return Text(
        "\n".join(
            bot["name"] if bot["served"] else f"{bot['name']} (not served: {bot['why']})"
            for bot in bots
        )
    )


def plugins(
    ctx: typer.Context,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="One JSON object per plugin: name, hooks, bots (name, served, why); a plugin "
            "that could not be loaded also has distribution and error.",
        ),
    ] = False,
    hook: Annotated[
        str | None,
        typer.Option(
            "--hook", metavar="NAME", help="Only the plugins implementing this hook, in call order."
        ),
    ] = None,
) -> None:
    """List plugins (built-in and installed), the hooks each implements and the bots each
    registers.

    A bot is not served when this veribot.toml lacks a source it needs (workers leave it
    out, submit refuses its applications); a plugin that could not be loaded is listed
    with its distribution and error, and veribot runs without it.
    """
    if hook is not None:
        names = implementers(hook)
        if as_json:
            typer.echo(json.dumps({"hook": hook, "plugins": names}))
        else:
            for name in names:
                typer.echo(name)
        return
    documents = plugin_documents(state(ctx).config)
    if as_json:
        for document in documents:
            typer.echo(json.dumps(document))
        return
    table = Table()
    for column in ("plugin", "hooks", "bots"):
        table.add_column(column, overflow="fold")  # names and reasons are never cut
    for document in documents:
        hooks = document["hooks"]
        assert isinstance(hooks, list)
        table.add_row(str(document["name"]), ", ".join(hooks), _bots_cell(document))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the ``plugins`` command to ``app``."""
    app.command()(plugins)
