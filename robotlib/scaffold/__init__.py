"""``veribot bots new``: a pip-installable bot plugin package, rendered from ``template/``.

The template is a tree of real files: ``*.tmpl`` files have ``{{placeholders}}`` filled in and
lose the suffix; ``__package__`` and ``__bot_name__`` in paths become the package and bot name.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from robotlib.errors import VeribotError

TEMPLATE_SUFFIX = ".tmpl"
#: lower-case words joined by underscores, starting with a letter: a task kind, a Python
#: package suffix and an entry-point name at once
BOT_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
MAX_NAME_LENGTH = 40


class ScaffoldError(VeribotError):
    """The bot plugin package cannot be generated."""


@dataclass(frozen=True)
class BotNames:
    """The names one bot name implies."""

    #: the task kind and entry-point name, ``payroll_check``
    bot_name: str
    #: the Python package, ``veribot_payroll_check``
    package: str
    #: the Bot subclass, ``PayrollCheckBot``
    class_name: str
    #: the distribution on the package index, ``veribot-payroll-check``
    distribution: str

    @classmethod
    def of(cls, bot_name: str) -> BotNames:
        """:raises ScaffoldError: ``bot_name`` is not lower_snake_case or is a keyword."""
        if len(bot_name) > MAX_NAME_LENGTH or not BOT_NAME.match(bot_name):
            raise ScaffoldError(
                f"bot name {bot_name!r} must be lower_snake_case: a letter, then letters, "
                f"digits and single underscores, at most {MAX_NAME_LENGTH} characters "
                "(e.g. payroll_check)"
            )
        if keyword.iskeyword(bot_name):
            raise ScaffoldError(f"bot name {bot_name!r} is a Python keyword; choose another")
        words = bot_name.split("_")
        return cls(
            bot_name=bot_name,
            package=f"veribot_{bot_name}",
            class_name="".join(word.capitalize() for word in words) + "Bot",
            distribution="veribot-" + "-".join(words),
        )


def template_values(names: BotNames) -> dict[str, str]:
    """Every ``{{placeholder}}`` of the template and its value."""
    current = _veribot_version()
    major, minor = (int(part) for part in current.split(".")[:2])
    return {
        "bot_name": names.bot_name,
        "package": names.package,
        "class_name": names.class_name,
        "distribution": names.distribution,
        "veribot_version": current,
        "veribot_next_minor": f"{major}.{minor + 1}",
    }


def _veribot_version() -> str:
    try:
        return version("veribot")
    except PackageNotFoundError:
        raise ScaffoldError("veribot is not installed (pip install veribot)") from None


def new_bot_package(bot_name: str, parent: Path) -> Path:
    """Write the plugin package for ``bot_name`` into ``parent/bot_name``; returns it.

    :raises ScaffoldError: the name is invalid, or ``parent/bot_name`` already exists.
    """
    names = BotNames.of(bot_name)
    target = parent / bot_name
    if target.exists():
        raise ScaffoldError(f"{target} already exists: choose another --dir or bot name")
    values = template_values(names)
    paths = {"__package__": names.package, "__bot_name__": names.bot_name}
    _render_tree(files("robotlib.scaffold") / "template", target, values, paths)
    return target


def _render_tree(
    source: Traversable, target: Path, values: dict[str, str], paths: dict[str, str]
) -> None:
    target.mkdir(parents=True)
    for entry in sorted(source.iterdir(), key=lambda item: item.name):
        if entry.name == "__pycache__":
            continue
        name = entry.name
        for placeholder, value in paths.items():
            name = name.replace(placeholder, value)
        if entry.is_dir():
            _render_tree(entry, target / name, values, paths)
        elif name.endswith(TEMPLATE_SUFFIX):
            text = fill(entry.read_text(encoding="utf-8"), values)
            (target / name.removesuffix(TEMPLATE_SUFFIX)).write_text(text, encoding="utf-8")


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with every ``{{name}}`` replaced; :raises ScaffoldError: an unknown one."""

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in values:
            raise ScaffoldError(f"the template uses an unknown placeholder {{{{{key}}}}}")
        return values[key]

    return re.sub(r"\{\{(\w+)\}\}", value, text)
