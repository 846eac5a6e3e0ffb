"""The test session's encryption keys: generated once, shared with subprocesses by env."""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path

from robotlib.protection import KeyRing, load_keyring
from robotlib.protection.keystore import KEYS_ENV


def install_session_keys() -> None:
    """Put a fresh key ring in ``$VERIBOT_KEYS`` unless one is there."""
    if not os.environ.get(KEYS_ENV):
        key = base64.b64encode(secrets.token_bytes(32)).decode()
        lookup = base64.b64encode(secrets.token_bytes(32)).decode()
        os.environ[KEYS_ENV] = json.dumps(
            {"active": "ktest", "keys": {"ktest": key}, "lookup": lookup}
        )


def session_keyring() -> KeyRing:
    install_session_keys()
    return load_keyring(Path(os.devnull))
