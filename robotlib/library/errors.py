"""The library's one error root: Robot Framework shows its message without the class name."""

from __future__ import annotations


class VeribotLibraryError(Exception):
    """A veribot keyword failed."""

    ROBOT_SUPPRESS_NAME = True
