"""Operator accounts (people, for the API and console to come): argon2id password hashes,
roles reviewer / operator / admin, kept in the pool's database."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from robotlib.errors import InputError
from scheduler.pool.base import TaskPool

#: passwords shorter than this are refused
MIN_PASSWORD_LENGTH = 12
_HASHER = PasswordHasher()


class OperatorRole(StrEnum):
    """What an operator may do: review, operate, or also administer accounts."""

    REVIEWER = "reviewer"
    OPERATOR = "operator"
    ADMIN = "admin"


@dataclass(frozen=True)
class Operator:
    """An operator account as listed (never its password hash)."""

    name: str
    role: OperatorRole
    disabled: bool


class Operators:
    """The operator accounts in ``pool``'s database."""

    def __init__(self, pool: TaskPool) -> None:
        self.pool = pool

    def add(self, name: str, password: str, role: OperatorRole) -> None:
        """A new enabled account; :raises InputError: the name is taken or the password weak."""
        _check_name(name)
        digest = _hash(password)
        added = self.pool.database.transaction(
            lambda tx: tx.run(
                "user_insert",
                name=name,
                password_hash=digest,
                role=role.value,
                disabled=False,
                now=time.time(),
            )
        )
        if added != 1:
            raise InputError(f"operator {name!r} exists already (veribot users passwd {name})")

    def set_password(self, name: str, password: str) -> None:
        """Store a new password for ``name`` (hashed with argon2)."""
        digest = _hash(password)
        self._change(name, "user_set_password", password_hash=digest)

    def disable(self, name: str) -> None:
        """Disable the account ``name``: it can no longer log in."""
        self._change(name, "user_set_disabled", disabled=True)

    def verify(self, name: str, password: str) -> Operator | None:
        """The account when ``password`` is right and the account enabled, else None."""
        row = self.pool.database.transaction(lambda tx: tx.row("user_get", name=name), write=False)
        if row is None or bool(row[3]):
            return None
        try:
            _HASHER.verify(row[1], password)
        except (VerificationError, InvalidHashError):
            return None
        return Operator(row[0], OperatorRole(row[2]), False)

    def list(self) -> list[Operator]:
        """Every operator account, by name."""
        rows = self.pool.database.transaction(lambda tx: tx.rows("users_all"), write=False)
        return [
            Operator(name, OperatorRole(role), bool(disabled)) for name, role, disabled, *_ in rows
        ]

    def _change(self, name: str, query: str, **values: object) -> None:
        changed = self.pool.database.transaction(
            lambda tx: tx.run(query, name=name, now=time.time(), **values)
        )
        if changed != 1:
            raise InputError(f"no operator {name!r} (veribot users list)")


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    return _HASHER.hash(password)


def _check_name(name: str) -> None:
    if not name or len(name) > 64 or not all(ch.isalnum() or ch in "._-@" for ch in name):
        raise InputError(f"operator name {name!r}: 1-64 letters, digits and . _ - @")
