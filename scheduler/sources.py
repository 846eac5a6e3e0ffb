"""The sources a worker's bots may reach: built from veribot.toml, connected on first use."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from robotlib.config import Config
from robotlib.errors import ConfigError
from robotlib.sources.base import Source, SourceFactory
from robotlib.sources.datasets import check_named_datasets


class ConfiguredSources(Mapping[str, Source]):
    """Every ``[sources.NAME]`` of the config, each connected when a bot first asks for it.

    Connecting lazily means a worker only opens the sources its tasks use, and a source that
    is down at start-up (the factory raises ``SourceUnavailable``) fails only the tasks that
    need it, which are retried; the next access tries to connect again.

    :raises ConfigError: a source's ``type`` is provided by no loaded plugin, or the
        ``dataset`` it names by none.
    """

    def __init__(self, config: Config, factories: Mapping[str, SourceFactory]) -> None:
        for name, source_config in config.sources.items():
            if source_config.type not in factories:
                known = ", ".join(sorted(factories)) or "none"
                raise ConfigError(
                    f"[sources.{name}] type {source_config.type!r} is provided by no loaded "
                    f"plugin (known types: {known})"
                )
        check_named_datasets(config.sources)
        self._config = config
        self._factories = factories
        self._connected: dict[str, Source] = {}

    def __getitem__(self, name: str) -> Source:
        if name not in self._connected:
            source_config = self._config.sources[name]
            factory = self._factories[source_config.type]
            self._connected[name] = factory(name, source_config, self._config.base_dir)
        return self._connected[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._config.sources)

    def __len__(self) -> int:
        return len(self._config.sources)
