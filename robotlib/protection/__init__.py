"""Personal-data protection: encryption at rest, keyed lookup hashes, key files."""

from robotlib.protection.keyring import KeyRing, NotSealed
from robotlib.protection.keystore import (
    create_key_file,
    keyring_for,
    load_keyring,
    rotate_key_file,
)

__all__ = [
    "KeyRing",
    "NotSealed",
    "create_key_file",
    "keyring_for",
    "load_keyring",
    "rotate_key_file",
]
