"""``VERIBOT_TRACE_PLUGINS=1``: every hook call printed to stderr, without personal data.

One line per call: the hook, the plugins that implement it (in call order), how long the
call took, its arguments summarised and how it ended. Arguments are summarised by type, so a
task shows its ref and kind and an application its ref, never the applicant's fields.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pluggy

TRACE_ENV = "VERIBOT_TRACE_PLUGINS"
PREFIX = "veribot trace:"


def tracing_requested() -> bool:
    """Whether ``$VERIBOT_TRACE_PLUGINS`` asks for tracing (``1``, ``true``, ``yes``)."""
    return os.environ.get(TRACE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def summarize(value: object) -> str:
    """A value named without its personal data: identifiers kept, contents dropped."""
    # imported here: the plugin host is imported by the modules these types live in
    from robotlib.bot import Bot, BotContext, BotOutcome
    from robotlib.config import Config
    from robotlib.model import Application, ResultRecord, Task

    if isinstance(value, Task):
        return f"Task(ref={value.ref}, kind={value.kind}, attempts={value.attempts})"
    if isinstance(value, Application):
        return f"Application(ref={value.ref}, kind={value.kind})"
    if isinstance(value, ResultRecord):
        decision = None if value.decision is None else value.decision.value
        return f"Result(ref={value.ref}, decision={decision}, reasons={value.reasons})"
    if isinstance(value, BotOutcome):
        return f"BotOutcome(reasons={value.reasons})"
    if isinstance(value, Bot):
        return f"Bot({value.name})"
    if isinstance(value, BotContext):
        return f"BotContext(bot={value.bot_name}, ref={value.ref})"
    if isinstance(value, Config):
        return "Config"
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    # strings are only ever safe identifiers or pre-masked errors in the hook contract, but
    # a plugin-defined hook could pass anything: name the type, not the text
    return type(value).__name__


class HookTracer:
    """Prints one line per hook call to ``write`` (stderr by default)."""

    def __init__(self, write: Callable[[str], object] | None = None) -> None:
        self._write = write or sys.stderr.write
        self._started: list[float] = []

    def before(
        self, hook_name: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, Any]
    ) -> None:
        """Note when the hook call started."""
        self._started.append(time.perf_counter())

    def after(
        self,
        outcome: pluggy.Result[Any],
        hook_name: str,
        impls: Sequence[pluggy.HookImpl],
        kwargs: Mapping[str, Any],
    ) -> None:
        """Print the hook call: its name, the plugins that answered and how long it took."""
        # hooks nest (a wrapper may call other hooks): the innermost call ends first
        elapsed_ms = (time.perf_counter() - self._started.pop()) * 1000
        plugins = ", ".join(impl.plugin_name for impl in reversed(impls)) or "none"
        arguments = ", ".join(f"{name}={summarize(value)}" for name, value in kwargs.items())
        ended = "ok" if outcome.exception is None else f"raised {type(outcome.exception).__name__}"
        self._write(
            f"{PREFIX} {hook_name}({arguments}) plugins=[{plugins}] {elapsed_ms:.2f} ms {ended}\n"
        )


def install_trace(
    pm: pluggy.PluginManager, write: Callable[[str], object] | None = None
) -> Callable[[], None]:
    """Trace every hook call of ``pm``; returns the function that stops tracing."""
    tracer = HookTracer(write)
    return pm.add_hookcall_monitoring(tracer.before, tracer.after)
