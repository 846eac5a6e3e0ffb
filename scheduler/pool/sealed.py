"""What the pool seals, by column, and how a stored value is opened."""

from __future__ import annotations

from robotlib.protection import KeyRing, NotSealed
from scheduler.errors import PoolDataError

#: the associated data of AES-GCM for each sealed column
TASK_PURPOSE = "task"
RESULT_PURPOSE = "result"


def open_stored(keyring: KeyRing, stored: str, purpose: str) -> str:
    """The plaintext of a stored value. Rows written before the pool sealed anything are
    read as they are (``veribot keys rotate`` seals them).

    :raises PoolDataError: the value does not open (another key, or edited).
    """
    if keyring.key_of(stored) is None:
        return stored
    try:
        return keyring.open(stored, purpose)
    except NotSealed as exc:
        raise PoolDataError(f"a stored {purpose} cannot be read: {exc}") from None
