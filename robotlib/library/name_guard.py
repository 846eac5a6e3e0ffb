"""The names the keyword library has read, so Robot Framework's output masks them.

Names have no shape a pattern could find, so the library remembers each applicant name it
reads (from files, the pool, OCR and sources). The remembering and the masking are those of
``robotlib.masking`` (``register_personal_values``, ``mask_record_text``), which the masking
listener (``robotlib.library.masking_listener.MaskingListener``) applies to every message.
"""

from __future__ import annotations

from collections.abc import Iterable

from robotlib.masking import mask_record_text, register_personal_values


class NameGuard:
    """The library's handle on the process-wide register of names to mask."""

    def remember(self, names: Iterable[str | None]) -> None:
        """Mask these names from now on (blank ones are ignored)."""
        register_personal_values(names=[n.strip() for n in names if n and n.strip()])

    def mask(self, text: str) -> str:
        """``text`` with identity numbers, phones and remembered names masked."""
        return mask_record_text(text)


#: the process-wide guard: the library and the WorkItems adapter share it
GUARD = NameGuard()
