"""``Library    robotlib.VeribotLibrary``: Robot Framework imports the class from this module."""

from robotlib.library.library import VeribotLibrary

__all__ = ["VeribotLibrary"]
