"""Sealing personal data (AES-GCM), keyed lookup hashes, and the key file."""

import json
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from robotlib.errors import ConfigError
from robotlib.protection import (
    KeyRing,
    NotSealed,
    create_key_file,
    keyring_for,
    load_keyring,
    rotate_key_file,
)
from robotlib.protection.keystore import KEYS_ENV


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(KEYS_ENV, raising=False)
    return tmp_path / "keys" / "veribot.key"


@pytest.fixture
def ring(key_file: Path) -> KeyRing:
    return create_key_file(key_file)


@pytest.mark.slow
@given(text=st.text())
def test_any_text_round_trips_and_never_shows_in_the_sealed_form(text: str) -> None:
    ring = KeyRing(keys={"k1": b"k" * 32}, active="k1", lookup_key=b"l" * 32)
    sealed = ring.seal(text, "task")
    assert ring.open(sealed, "task") == text
    assert sealed.startswith("v1:k1:")
    if len(text) >= 4:
        assert text not in sealed


def test_sealing_twice_differs_and_an_edit_or_another_purpose_does_not_open(ring: KeyRing) -> None:
    first, second = (
        ring.seal("张伟 440305199003071236", "task"),
        ring.seal("张伟 440305199003071236", "task"),
    )
    assert first != second  # a fresh nonce each time
    edited = first[:-6] + ("A" if first[-6] != "A" else "B") + first[-5:]
    with pytest.raises(NotSealed, match="edited"):
        ring.open(edited, "task")
    with pytest.raises(NotSealed):
        ring.open(first, "result")  # the purpose is bound as associated data
    with pytest.raises(NotSealed, match="not sealed"):
        ring.open("440305199003071236", "task")


def test_the_lookup_hash_is_stable_normalised_and_keyed(ring: KeyRing) -> None:
    other = KeyRing(keys=ring.keys, active=ring.active, lookup_key=b"x" * 32)
    assert ring.lookup_hash("44030519900307123x") == ring.lookup_hash(" 44030519900307123X ")
    assert ring.lookup_hash("440305199003071236") != other.lookup_hash("440305199003071236")
    assert "440305" not in ring.lookup_hash("440305199003071236")


def test_the_key_file_is_owner_only_and_never_overwritten(key_file: Path, ring: KeyRing) -> None:
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_keyring(key_file) == ring
    with pytest.raises(ConfigError, match="never overwritten"):
        create_key_file(key_file)


def test_rotation_adds_an_active_key_and_keeps_the_old_one(key_file: Path, ring: KeyRing) -> None:
    old = ring.seal("13800138000", "task")

    rotated = rotate_key_file(key_file)

    assert rotated.active != ring.active
    assert ring.active in rotated.keys
    assert rotated.open(old, "task") == "13800138000"
    assert rotated.key_of(rotated.seal("x", "task")) == rotated.active
    assert rotated.lookup_key == ring.lookup_key  # lookups survive rotation


def test_keys_come_from_the_environment_first(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = create_key_file(key_file)
    document = json.loads(key_file.read_text())
    key_file.unlink()
    monkeypatch.setenv(KEYS_ENV, json.dumps(document))

    assert load_keyring(key_file) == ring
    with pytest.raises(ConfigError, match=KEYS_ENV):
        rotate_key_file(key_file)


def test_missing_or_broken_keys_are_clear_errors(key_file: Path) -> None:
    with pytest.raises(ConfigError, match="veribot init"):
        load_keyring(key_file)
    key_file.parent.mkdir(parents=True)
    lookup = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="  # 32 bytes
    key_file.write_text(f'{{"active": "k1", "keys": {{"k1": "c2hvcnQ="}}, "lookup": "{lookup}"}}')
    with pytest.raises(ConfigError, match="key 'k1' must be 32 bytes, not 5"):
        load_keyring(key_file)
    key_file.write_text(f'{{"active": "k1", "keys": {{"k1": "%%%"}}, "lookup": "{lookup}"}}')
    with pytest.raises(ConfigError, match=r"veribot\.key: key 'k1' is not base64"):
        load_keyring(key_file)
    key_file.write_text("not json")
    with pytest.raises(ConfigError, match="not JSON"):
        load_keyring(key_file)


def test_a_new_sqlite_pool_may_create_its_key_file_a_postgresql_one_may_not(key_file: Path) -> None:
    with pytest.raises(ConfigError, match="veribot init"):
        keyring_for(key_file, may_create=False)
    created = keyring_for(key_file, may_create=True)
    assert keyring_for(key_file, may_create=False) == created
