"""Commands whose module is imported only when the command runs, not when ``--help`` lists it.

``veribot --help`` and every other command would otherwise import what the heaviest command
needs: the sandbox (card rendering, its FastAPI service and uvicorn) and the demo (the pool,
the workers). A lazy command is named in the top-level help by its one-line summary; its
module is imported when it is invoked, or asked for its own ``--help``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import typer
from typer.core import TyperCommand, TyperGroup
from typing_extensions import override


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives and what the top-level help says about it."""

    #: the name typed on the command line
    name: str
    #: ``"package.module:attribute"``, the attribute a ``typer.Typer`` holding the command
    #: (a group, or a single command)
    target: str
    #: the one line ``veribot --help`` shows
    summary: str

    def load(self) -> typer.Typer:
        """Import the command's module and return its ``typer.Typer``."""
        module_name, attribute = self.target.split(":")
        loaded = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(loaded, typer.Typer):
            raise TypeError(f"{self.target} is not a typer.Typer")
        return loaded


class _StandIn(TyperCommand):
    """Stands for a lazy command in the group: help listings read its summary; running it
    (or its own ``--help``) builds the real command and hands the arguments to it."""

    def __init__(self, lazy: LazyCommand) -> None:
        super().__init__(lazy.name, help=lazy.summary, short_help=lazy.summary)
        self.lazy = lazy

    @cached_property
    def real(self) -> Any:
        """The command built from the lazy command's ``typer.Typer``."""
        return typer.main.get_command(self.lazy.load())

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        # the group invokes ``sub_ctx.command``: the real command from here on
        return self.real.make_context(info_name, args, parent=parent, **extra)


class LazyGroup(TyperGroup):
    """A typer group that also lists the ``lazy`` commands of its subclass, importing none of
    them until one is used."""

    #: the group's lazy commands, by name; set by a subclass (see ``lazy_group``)
    lazy: ClassVar[dict[str, LazyCommand]] = {}

    @override
    def list_commands(self, ctx: Any) -> list[str]:
        eager = super().list_commands(ctx)
        return [*[name for name in self.lazy if name not in eager], *eager]

    @override
    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.lazy:
            return _StandIn(self.lazy[cmd_name])
        return command


def lazy_group(*commands: LazyCommand) -> type[LazyGroup]:
    """A ``LazyGroup`` class holding ``commands``, for ``typer.Typer(cls=...)``."""
    return type("VeribotGroup", (LazyGroup,), {"lazy": {c.name: c for c in commands}})


def lazy_command_names(app: typer.Typer) -> set[str]:
    """The names of ``app``'s lazy commands (none unless it was built with ``lazy_group``)."""
    group = app.info.cls
    if isinstance(group, type) and issubclass(group, LazyGroup):
        return set(group.lazy)
    return set()
