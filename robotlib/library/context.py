"""What the keyword components share: the config, the pool, the robot's grants, the guard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from robotlib.config import Config, load_config
from robotlib.errors import VeribotError
from robotlib.library.errors import VeribotLibraryError
from robotlib.library.name_guard import GUARD, NameGuard
from robotlib.plugins.host import get_bots, get_source_factories
from scheduler.pool import TaskPool, open_configured_pool
from scheduler.sources import ConfiguredSources
from scheduler.worker import Worker

T = TypeVar("T")


class LibraryContext:
    """State of one library instance; the pool and the inline worker open on first use."""

    def __init__(
        self, config: Path | None, grants: frozenset[str] | None, guard: NameGuard = GUARD
    ) -> None:
        self._config_path = config
        self._config: Config | None = None
        self._grants = grants
        self._pool: TaskPool | None = None
        self._worker: Worker | None = None
        self._sources: ConfiguredSources | None = None
        self.guard = guard

    @property
    def config(self) -> Config:
        """The configuration, loaded on first use."""
        if self._config is None:
            self._config = self.call(lambda: load_config(self._config_path))
        return self._config

    def use_config(self, path: Path) -> None:
        """Switch to another veribot.toml; the open pool and worker are closed."""
        self.close()
        self._config_path = path
        self._config = None

    @property
    def grants(self) -> frozenset[str]:
        """The robot identity's scopes: as given when importing, else every installed bot's."""
        if self._grants is None:
            self._grants = frozenset().union(*(bot.scopes for bot in get_bots().values()))
        return self._grants

    def require(self, scope: str) -> None:
        """Fail unless the robot holds ``scope``."""
        if scope not in self.grants:
            raise VeribotLibraryError(
                f"this robot lacks scope {scope!r} (grants: {', '.join(sorted(self.grants))})"
            )

    @property
    def pool(self) -> TaskPool:
        """The configured pool, opened on first use."""
        if self._pool is None:
            config = self.config
            self._pool = self.call(lambda: open_configured_pool(config))
        return self._pool

    @property
    def sources(self) -> ConfiguredSources:
        """The configured sources, each connected on first use."""
        if self._sources is None:
            config = self.config
            self._sources = self.call(lambda: ConfiguredSources(config, get_source_factories()))
        return self._sources

    @property
    def worker(self) -> Worker:
        """A worker in this process, for inline verification; loads OCR once."""
        if self._worker is None:
            self._worker = self.call(lambda: Worker(self.config, self.pool))
        return self._worker

    @staticmethod
    def call(action: Callable[[], T]) -> T:
        """Run ``action``; a veribot error becomes a keyword failure with its message."""
        try:
            return action()
        except VeribotError as exc:
            raise VeribotLibraryError(str(exc)) from None

    @contextmanager
    def errors(self) -> Iterator[None]:
        """``call`` as a ``with`` block."""
        try:
            yield
        except VeribotError as exc:
            raise VeribotLibraryError(str(exc)) from None

    def close(self) -> None:
        """Close the pool and forget the worker and the sources (reopened on next use)."""
        if self._pool is not None:
            self._pool.close()
        self._pool = None
        self._worker = None
        self._sources = None
