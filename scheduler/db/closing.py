"""Objects that hold database connections and release them on ``close()`` or leaving ``with``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Self


class Closable(ABC):
    """Holds connections until ``close()``; a ``with`` block closes it on the way out."""

    @abstractmethod
    def close(self) -> None:
        """Release the connections; the object must not be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
