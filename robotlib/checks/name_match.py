"""Whether two written names are the same name."""

from __future__ import annotations

from robotlib.sources.names import normalise


def same_name(a: str, b: str) -> bool:
    """Names equal once spacing, width and the minority-name middle dot are ignored."""
    return normalise(a) == normalise(b)
