"""A task: an application placed in the pool for a bot."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from robotlib.model.application import Application


class Task(BaseModel):
    """A claimed unit of work as a bot worker sees it."""

    model_config = ConfigDict(extra="forbid")

    id: int
    ref: str
    kind: str
    pool: str
    priority: str
    attempts: int
    lease_token: str
    application: Application
