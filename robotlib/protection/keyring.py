"""AES-GCM sealing of personal data, and keyed hashes that still allow lookups.

A sealed value is text: ``v1:<key id>:<base64 of nonce + ciphertext + tag>``. The key id says
which key of the ring opens it, so keys can rotate: new data is sealed with the active key,
old data opens with the key that sealed it until ``veribot keys rotate`` re-seals it. The
``purpose`` (for example ``task`` or ``result``) is bound as associated data, so a value
copied from one column into another does not open.

Lookups use HMAC-SHA256 with a separate key that does not rotate: the same identity number
always gives the same hash, and the hash reveals nothing without the key.

The audit chain is keyed with a third key, the audit key. Key files from before it existed
have none: their audit key is derived from the lookup key (HKDF), and the chain they verify
may begin with plain SHA-256 records written before the upgrade.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from robotlib.errors import ConfigError

PREFIX = "v1"
NONCE_BYTES = 12
KEY_BYTES = 32


class NotSealed(ValueError):
    """A value that should be sealed is not, or does not open with the ring's keys."""


@dataclass(frozen=True)
class KeyRing:
    """The data keys by id, the id of the active one, the lookup key and the audit key
    (None in key files from before the audit chain was keyed)."""

    keys: Mapping[str, bytes]
    active: str
    lookup_key: bytes
    audit_key: bytes | None = None

    def __post_init__(self) -> None:
        if self.active not in self.keys:
            raise ConfigError(f"the active key {self.active!r} is not in the key ring")
        named = {**self.keys, "lookup": self.lookup_key}
        if self.audit_key is not None:
            named["audit"] = self.audit_key
        for key_id, key in named.items():
            if len(key) != KEY_BYTES:
                raise ConfigError(f"key {key_id!r} must be {KEY_BYTES} bytes, not {len(key)}")
            if ":" in key_id:
                raise ConfigError(f"key id {key_id!r} may not contain ':'")

    @cached_property
    def _ciphers(self) -> dict[str, AESGCM]:
        """An AES-GCM cipher per key id, made once: a pool seals every task it submits."""
        return {key_id: AESGCM(key) for key_id, key in self.keys.items()}

    def seal(self, plaintext: str, purpose: str) -> str:
        """``plaintext`` encrypted with the active key."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._ciphers[self.active].encrypt(
            nonce, plaintext.encode("utf-8"), purpose.encode("ascii")
        )
        return f"{PREFIX}:{self.active}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def open(self, value: str, purpose: str) -> str:
        """The plaintext of a sealed ``value``; :raises NotSealed: not sealed, or tampered."""
        prefix, key_id, body = _parts(value)
        if prefix != PREFIX:
            raise NotSealed("the value is not sealed (no v1: prefix)")
        if key_id not in self.keys:
            raise NotSealed(f"the value was sealed with key {key_id!r}, which is not in the ring")
        try:
            raw = base64.b64decode(body, validate=True)
            plain = self._ciphers[key_id].decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode("ascii")
            )
        except (binascii.Error, InvalidTag, ValueError):
            raise NotSealed(f"the value does not open with key {key_id!r} (edited?)") from None
        return plain.decode("utf-8")

    def seal_bytes(self, data: bytes, purpose: str) -> bytes:
        """``data`` (a document image) encrypted with the active key:
        ``v1:<key id>:`` then nonce, ciphertext and tag, raw."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._ciphers[self.active].encrypt(nonce, data, purpose.encode("ascii"))
        return f"{PREFIX}:{self.active}:".encode("ascii") + nonce + sealed

    def open_bytes(self, value: bytes, purpose: str) -> bytes:
        """The plaintext of ``seal_bytes``; :raises NotSealed: another key, or tampered."""
        prefix, _, rest = value.partition(b":")
        key_id, _, raw = rest.partition(b":")
        name = key_id.decode("ascii", "replace")
        if prefix != PREFIX.encode("ascii") or name not in self.keys:
            raise NotSealed(f"the document is not sealed with a key of the ring ({name!r})")
        try:
            return self._ciphers[name].decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode("ascii")
            )
        except (InvalidTag, ValueError):
            raise NotSealed(f"the document does not open with key {name!r} (edited?)") from None

    def key_of(self, value: str) -> str | None:
        """The id of the key that sealed ``value``; None when it is not sealed."""
        prefix, key_id, _ = _parts(value)
        return key_id if prefix == PREFIX else None

    def lookup_hash(self, value: str) -> str:
        """A keyed hash of ``value`` (stripped, upper case) for equality lookups."""
        normal = value.strip().upper().encode("utf-8")
        return hmac.new(self.lookup_key, normal, hashlib.sha256).hexdigest()

    @property
    def audit_mac_key(self) -> bytes:
        """The key of the audit chain's MACs: the audit key, else one derived from the lookup
        key (key files from before the audit key)."""
        if self.audit_key is not None:
            return self.audit_key
        derive = HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=b"veribot audit chain")
        return derive.derive(self.lookup_key)

    @property
    def unkeyed_audit_allowed(self) -> bool:
        """Whether the audit chain may begin with plain SHA-256 records (pools older than the
        keyed chain): only for key files without their own audit key."""
        return self.audit_key is None

    def fingerprints(self) -> dict[str, str]:
        """A check value per key (data key ids, ``lookup``, ``audit``) that tells two keys
        apart and reveals nothing of them: what a pool records of the keys it uses."""
        named = {**self.keys, "lookup": self.lookup_key, "audit": self.audit_mac_key}
        return {
            name: hmac.new(key, b"veribot key fingerprint", hashlib.sha256).hexdigest()[:16]
            for name, key in named.items()
        }


def _parts(value: str) -> tuple[str, str, str]:
    prefix, _, rest = value.partition(":")
    key_id, _, body = rest.partition(":")
    return prefix, key_id, body
