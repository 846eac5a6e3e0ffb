"""A pool whose data was sealed before it recorded its keys: the keys are read off the stored
tasks and documents, on SQLite and on PostgreSQL, so a host with other keys is refused."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from robotlib.protection import KeyRing
from scheduler.errors import PoolKeysMismatch
from scheduler.key_rotation import reseal
from scheduler.pool import open_pool
from scheduler.pool.vault import DOCUMENT_PURPOSE
from scheduler.pool_keys import claim_pool_keys, keys_in_use
from tests.helpers.worker_tasks import application
from tests.integration.test_protection import by_hand


def ring(*key_ids: str) -> KeyRing:
    """Fresh keys under ``key_ids``, the first one active."""
    keys = {key_id: secrets.token_bytes(32) for key_id in key_ids}
    return KeyRing(keys=keys, active=key_ids[0], lookup_key=secrets.token_bytes(32))


def test_the_keys_of_data_sealed_before_pool_keys_are_required(
    pool_url: str, tmp_path: Path
) -> None:
    photo = tmp_path / "front.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"card" * 50)
    base = application("A-1")
    submitted = base.model_copy(
        update={"documents": base.documents.model_copy(update={"id_front": photo})}
    )
    old = ring("kold", "kdoc")
    with open_pool(pool_url, keyring=old) as pool:  # no key recorded: as before pool_keys
        pool.submit([submitted])
    sealed = KeyRing(keys=old.keys, active="kdoc", lookup_key=old.lookup_key).seal_bytes(
        photo.read_bytes(), DOCUMENT_PURPOSE
    )
    by_hand(pool_url, "UPDATE documents SET sealed = %s", sealed)

    with open_pool(pool_url, keyring=ring("knew")) as stranger:
        assert keys_in_use(stranger) == ["kdoc", "kold"]
        with pytest.raises(PoolKeysMismatch, match=r"lack key\(s\) kdoc, kold: use a copy"):
            claim_pool_keys(stranger, "host b's key file")
    with open_pool(pool_url, keyring=old) as owner:
        claim_pool_keys(owner, "host a's key file")
        assert keys_in_use(owner) == ["kdoc", "kold"]
        assert owner.documents("A-1")["id_front"] == photo.read_bytes()


def test_after_a_rotation_a_host_without_the_new_key_is_refused(pool_url: str) -> None:
    before = ring("kold")
    rotated = KeyRing(
        keys={**before.keys, "knew": secrets.token_bytes(32)},
        active="knew",
        lookup_key=before.lookup_key,
    )
    with open_pool(pool_url, keyring=before) as pool:
        claim_pool_keys(pool, "the key file")
        pool.submit([application("A-1")])
    with open_pool(pool_url, keyring=rotated) as pool:
        assert reseal(pool) == 1

    with (
        open_pool(pool_url, keyring=before) as late,
        pytest.raises(PoolKeysMismatch, match=r"lack key\(s\) knew"),
    ):
        claim_pool_keys(late, "the key file before the rotation")
