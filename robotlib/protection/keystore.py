"""Where the key ring comes from: ``VERIBOT_KEYS`` (the key file's JSON) or a key file.

The key file is JSON, readable by its owner only::

    {"active": "k5e1f", "keys": {"k09ab": "<base64>", "k5e1f": "<base64>"},
     "lookup": "<base64>", "audit": "<base64>"}

``audit`` keys the audit chain; key files from before it have none (see ``KeyRing``).

``veribot init`` creates it; ``veribot keys rotate`` adds a new active key (the old ones stay
until every value sealed with them is re-sealed). Losing the file loses the data sealed with
it: keep a copy where the bank keeps its secrets.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from pathlib import Path
from typing import Any

from loguru import logger

from robotlib.errors import ConfigError
from robotlib.protection.keyring import KEY_BYTES, KeyRing

KEYS_ENV = "VERIBOT_KEYS"


def load_keyring(key_file: Path) -> KeyRing:
    """The ring from ``$VERIBOT_KEYS`` when set, else from ``key_file``."""
    inline = os.environ.get(KEYS_ENV)
    if inline:
        return _parse(inline, f"${KEYS_ENV}")
    if not key_file.exists():
        raise ConfigError(
            f"no encryption keys: {key_file} does not exist and ${KEYS_ENV} is not set; "
            "run `veribot init` to create the key file"
        )
    return _parse(key_file.read_text("utf-8"), str(key_file))


def keyring_for(key_file: Path, *, may_create: bool) -> KeyRing:
    """``load_keyring``; when there are no keys yet and ``may_create``, a new key file.

    Creating is right for a pool on one host (SQLite), where the first use is the set-up.
    Hosts sharing a PostgreSQL pool must share one key, so there it is never guessed.
    """
    if may_create and not os.environ.get(KEYS_ENV) and not key_file.exists():
        keyring = create_key_file(key_file)
        logger.warning(
            "created the encryption key file {path}: keep a copy, the personal data in the "
            "pool cannot be read without it",
            path=key_file,
        )
        return keyring
    return load_keyring(key_file)


def create_key_file(key_file: Path) -> KeyRing:
    """A new key file with one data key, a lookup key and an audit key; never overwrites
    one."""
    return write_key_file(key_file, new_key_document())


def new_key_document() -> dict[str, Any]:
    """The contents of a new key file: one data key, a lookup key and an audit key."""
    key_id = _new_key_id()
    return {
        "active": key_id,
        "keys": {key_id: _new_key()},
        "lookup": _new_key(),
        "audit": _new_key(),
    }


def keyring_of(document: dict[str, Any]) -> KeyRing:
    """The ring of key file contents ``document`` (from ``new_key_document``)."""
    return _parse(json.dumps(document), "the new keys")


def write_key_file(key_file: Path, document: dict[str, Any]) -> KeyRing:
    """Write ``document`` to a new owner-only ``key_file``; never overwrites one."""
    key_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ConfigError(f"{key_file} exists already; it is never overwritten") from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)
    return _parse(json.dumps(document), str(key_file))


def rotate_key_file(key_file: Path) -> KeyRing:
    """Add a new data key to ``key_file`` and make it the active one."""
    if os.environ.get(KEYS_ENV):
        raise ConfigError(f"keys come from ${KEYS_ENV}: rotate them where that value is kept")
    document = _document(key_file.read_text("utf-8"), str(key_file))
    new_id = _new_key_id()
    document["keys"][new_id] = _new_key()
    document["active"] = new_id
    temporary = key_file.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)
    temporary.replace(key_file)
    return _parse(json.dumps(document), str(key_file))


def _new_key_id() -> str:
    """Random, so two key files created apart never share an id."""
    return f"k{secrets.token_hex(4)}"


def _new_key() -> str:
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def _document(text: str, where: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{where}: not JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(document, dict):
        raise ConfigError(f"{where}: expected a JSON object")
    for name in ("active", "keys", "lookup"):
        if name not in document:
            raise ConfigError(f"{where}: missing {name!r}")
    if not isinstance(document["keys"], dict) or not document["keys"]:
        raise ConfigError(f"{where}: 'keys' must be an object of key id to base64 key")
    return document


def _parse(text: str, where: str) -> KeyRing:
    document = _document(text, where)

    def decode(value: object, name: str) -> bytes:
        try:
            return base64.b64decode(str(value), validate=True)
        except binascii.Error:
            raise ConfigError(f"key {name!r} is not base64") from None

    try:
        return KeyRing(
            keys={key_id: decode(v, key_id) for key_id, v in document["keys"].items()},
            active=str(document["active"]),
            lookup_key=decode(document["lookup"], "lookup"),
            audit_key=decode(document["audit"], "audit") if "audit" in document else None,
        )
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
