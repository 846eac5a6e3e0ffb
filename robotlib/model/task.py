"""A task: an application placed in the pool for a bot."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pydantic import ValidationError

from robotlib.errors import InputError
from robotlib.model.application import Application


@dataclass(frozen=True)
class Task:
    """A claimed unit of work as a bot worker sees it.

    The pool hands out the application as stored (``payload``, the JSON validated at submit
    time) and validates it again only when ``application`` is first read, so claiming stays
    cheap for dispatchers that pass tasks on without reading them.
    """

    id: int
    ref: str
    kind: str
    pool: str
    priority: str
    attempts: int
    lease_token: str
    payload: str = field(repr=False)

    @cached_property
    def application(self) -> Application:
        """The application, validated; :raises InputError: the stored JSON is not one."""
        try:
            return Application.model_validate_json(self.payload)
        except ValidationError as exc:
            raise InputError(
                f"task {self.ref}: the stored application is not valid: "
                f"{exc.error_count()} error(s), first at "
                f"{'.'.join(str(part) for part in exc.errors()[0]['loc']) or 'the top level'}"
            ) from None
