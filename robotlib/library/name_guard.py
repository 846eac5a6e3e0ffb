"""Masking Robot Framework's output: identity numbers, phones, and every name the library saw.

Names have no shape a pattern could find, so the library remembers each applicant name it
reads (from files, the pool, OCR and sources) and the listener masks them wherever they
appear in a log message: in a logged variable, an error, a return value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from robotlib.masking import mask_name, mask_text


class NameGuard:
    """Names to mask, and the masking of any text."""

    def __init__(self) -> None:
        self._names: set[str] = set()
        self._pattern: re.Pattern[str] | None = None

    def remember(self, names: Iterable[str | None]) -> None:
        """Mask these names from now on (blank ones are ignored)."""
        before = len(self._names)
        self._names.update(n.strip() for n in names if n and n.strip())
        if len(self._names) != before:
            self._pattern = None

    def mask(self, text: str) -> str:
        """``text`` with identity numbers, mobile numbers and remembered names masked."""
        text = mask_text(text)
        if not self._names:
            return text
        if self._pattern is None:
            # longest first: 欧阳娜娜 must not be masked as 欧阳 + 娜娜
            ordered = sorted(self._names, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(name) for name in ordered))
        return self._pattern.sub(lambda m: mask_name(m.group(0)), text)


#: the process-wide guard: the library and the WorkItems adapter share it
GUARD = NameGuard()


class MaskingListener:
    """A library listener (API 3) that masks every log message before it is written."""

    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self, guard: NameGuard = GUARD) -> None:
        self.guard = guard

    def log_message(self, message: object) -> None:
        text = getattr(message, "message", None)
        if isinstance(text, str):
            message.message = self.guard.mask(text)  # type: ignore[attr-defined]

    def message(self, message: object) -> None:
        self.log_message(message)
