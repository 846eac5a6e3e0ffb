"""Name and birth date clashes between synthetic applicants and name-only list entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from robotlib.screening.forms import name_forms


@dataclass
class NameGuard:
    """Keeps name + birth date screening matches to the ones a scenario intends.

    Screening compares pinyin keys, and characters with OCR look-alikes folded
    (``robotlib.screening.forms``), with birth dates; two different Han names can share a key,
    so clashes are checked on those keys, not on characters.
    """

    entries: set[tuple[str, dt.date]] = field(default_factory=set)
    applicants: set[tuple[str, dt.date]] = field(default_factory=set)

    @staticmethod
    def _keys(name: str, birth: dt.date) -> set[tuple[str, dt.date]]:
        return {(key, birth) for key in name_forms(name).blocking_keys()}

    def free_for_applicant(self, names: list[str], birth: dt.date) -> bool:
        """No list entry and no other applicant has one of ``names`` with this birth date."""
        keys = set().union(*(self._keys(n, birth) for n in names))
        return not keys & (self.entries | self.applicants)

    def free_for_entry(self, name: str, birth: dt.date) -> bool:
        """No applicant has this name with this birth date."""
        return not self._keys(name, birth) & self.applicants

    def add_applicant(self, names: list[str], birth: dt.date) -> None:
        """Remember an applicant known by ``names`` (card and form) born on ``birth``."""
        for name in names:
            self.applicants |= self._keys(name, birth)

    def add_entry(self, name: str, birth: dt.date) -> None:
        """Remember a name-only list entry."""
        self.entries |= self._keys(name, birth)
