"""The keys a pool's data is sealed with, recorded in the pool by fingerprint, and the check
that a host holds every one of them before it reads or writes the pool.

Hosts sharing a PostgreSQL pool must share one key file. A host with keys of its own (a key
file created apart, a missing rotation) would seal data the others cannot open, read
nothing of theirs, and key the audit chain so that it no longer verifies. So the first
opening of a pool records its keys' fingerprints (``pool_keys``); every later opening
compares, records a newly rotated active key, and refuses a host that lacks a key the pool
uses, or holds another key under the same name, with one line saying what to copy where.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from robotlib.config import Config
from robotlib.protection import KeyRing
from robotlib.protection.keystore import KEYS_ENV, keyring_of, new_key_document, write_key_file
from scheduler.db import Transaction
from scheduler.errors import PoolKeysMismatch
from scheduler.pool import open_pool
from scheduler.pool.base import TaskPool

#: name of a data key in ``pool_keys``; ``lookup`` and ``audit`` are recorded as such
_DATA = "data:"


def keys_source(key_file: Path) -> str:
    """Where this host's keys come from, for messages: ``$VERIBOT_KEYS`` or the key file."""
    return f"${KEYS_ENV}" if os.environ.get(KEYS_ENV) else str(key_file)


def _recorded_names(keyring: KeyRing) -> dict[str, str]:
    """The fingerprints of ``keyring`` under their ``pool_keys`` names."""
    return {
        (name if name in ("lookup", "audit") else _DATA + name): fingerprint
        for name, fingerprint in keyring.fingerprints().items()
    }


def keys_in_use(pool: TaskPool) -> list[str]:
    """The ids of the data keys the pool's data is sealed with (recorded, or for pools from
    before ``pool_keys``, read off the stored values); empty for a new pool."""

    def read(tx: Transaction) -> list[str]:
        recorded = _recorded(tx)
        if recorded:
            return [name.removeprefix(_DATA) for name in recorded if name.startswith(_DATA)]
        return sorted(str(key_id) for (key_id,) in tx.rows("sealed_key_ids") if key_id)

    return pool.database.transaction(read, write=False)


#: what a host whose keys are not the pool's must do
_COPY = "a copy of the key file of a host that already works on this pool (owner-only: chmod 600)"


def create_pool_key_file(config: Config) -> KeyRing:
    """A new key file at ``config.key_file`` for a pool that uses no keys yet, recorded as
    the pool's keys.

    :raises PoolKeysMismatch: the pool already uses keys (another host's): this host needs
        a copy of that key file instead.
    """
    document = new_key_document()
    keyring = keyring_of(document)
    with open_pool(config.database_url, config.pool, keyring=keyring) as pool:
        used = keys_in_use(pool)
        if used:
            raise PoolKeysMismatch(
                f"the pool's data is sealed with key(s) {', '.join(used)} and this host has "
                f"no key file: put {_COPY} at {config.key_file} or in ${KEYS_ENV}, then run "
                "veribot init again (a new key would leave the pool's data unreadable here)"
            )
        created = write_key_file(config.key_file, document)
        claim_pool_keys(pool, str(config.key_file))
    return created


def _problem(recorded: dict[str, str], mine: dict[str, str], source: str) -> str | None:
    """What is wrong with this host's keys ``mine`` for a pool that uses ``recorded``."""
    lacking = sorted(name.removeprefix(_DATA) for name in recorded if name not in mine)
    differing = sorted(
        name.removeprefix(_DATA)
        for name, fingerprint in recorded.items()
        if name in mine and mine[name] != fingerprint
    )
    if not lacking and not differing:
        return None
    what = []
    if lacking:
        what.append(f"lack key(s) {', '.join(lacking)}")
    if differing:
        what.append(f"differ from the pool's in key(s) {', '.join(differing)}")
    return f"this host's encryption keys ({source}) {' and '.join(what)}: use {_COPY}"


def _recorded(tx: Transaction) -> dict[str, str]:
    return {str(name): str(fingerprint) for name, fingerprint in tx.rows("pool_keys")}


def claim_pool_keys(pool: TaskPool, source: str) -> None:
    """Check that this host holds every key ``pool`` uses; record the keys of a pool that
    has none recorded yet, and a newly rotated active key.

    :param source: where the keys come from (``keys_source``), named in the refusal.
    :raises PoolKeysMismatch: a key the pool uses is missing, or another key has its name.
    """
    mine = _recorded_names(pool.keyring)
    active = _DATA + pool.keyring.active
    recorded = pool.database.transaction(_recorded, write=False)
    if recorded and active in recorded and _problem(recorded, mine, source) is None:
        return  # the common case: nothing to write

    def record(tx: Transaction) -> str | None:
        tx.run("pool_keys_lock")
        now = _recorded(tx)
        if now:
            problem = _problem(now, mine, source)
            wanted = [active]
        else:  # a new pool, or one from before pool_keys: its data tells which keys it uses
            used = {_DATA + str(key_id) for (key_id,) in tx.rows("sealed_key_ids") if key_id}
            problem = _problem(dict.fromkeys(used, ""), dict.fromkeys(mine, ""), source)
            wanted = sorted({*used, active, "lookup", "audit"})
        if problem is None:
            for name in wanted:
                tx.run("pool_key_add", name=name, fingerprint=mine[name], at=time.time())
        return problem

    problem = pool.database.transaction(record)
    if problem is not None:
        raise PoolKeysMismatch(problem)
