"""The pool's data folder, and the private work folder in it where archives are unpacked.

A SQLite pool keeps its files beside its database; a PostgreSQL pool has no folder of its own,
so the key file's folder stands in (``var/`` by default). Unpacked photos hold personal data:
they go in ``<data>/work/``, readable by its owner only, never beside the archive.
"""

from __future__ import annotations

from pathlib import Path

from robotlib.config import Config
from robotlib.errors import ConfigError

_SQLITE = "sqlite:///"
#: the folder under the data folder where archives are unpacked
WORK_FOLDER = "work"


def data_dir(config: Config) -> Path:
    """The folder the pool of ``config`` keeps its files in."""
    url = config.database_url
    if url.startswith(_SQLITE):
        return Path(url.removeprefix(_SQLITE).split("?", 1)[0]).parent
    return config.key_file.parent


def private_work_dir(config: Config) -> Path:
    """``<data>/work``, created if needed and made readable by its owner only (0700).

    :raises ConfigError: the folder cannot be made (the data folder is not writable).
    """
    folder = data_dir(config) / WORK_FOLDER
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
    except OSError as exc:
        raise ConfigError(f"work folder {folder} cannot be made: {exc.strerror or exc}") from None
    return folder
