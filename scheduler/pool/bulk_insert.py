"""A submitted batch of tasks as the backends insert it: in one go, not row by row.

``SqlPool.submit`` seals and hashes each application once and gathers the batch here; the
backend pool's ``_insert_tasks`` writes it. PostgreSQL sends the whole batch as one
statement (one list per column, unnested by the server): one round trip per call, however
many tasks. SQLite, whose statements cost no round trip, reads the refs already present in
one query and inserts the new tasks with ``executemany``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NewTask:
    """The columns of one task to insert that depend on its application."""

    ref: str
    kind: str
    pool: str
    priority: str
    #: the application as submitted, sealed
    payload: str
    #: keyed hash of the applicant's identity number
    id_hash: str
    claim_key: float
    deadline: float
    #: ``(slot, sealed bytes)`` of the documents the pool keeps a copy of
    documents: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass(frozen=True)
class TaskBatch:
    """The tasks of one ``submit`` call (one per ref) and the columns they share."""

    tasks: list[NewTask]
    #: the scopes each kind's bot needs, sorted and without repeats
    scopes: Mapping[str, list[str]]
    max_attempts: int
    not_before: float
    now: float

    @property
    def refs(self) -> list[str]:
        """The refs of the batch, in submission order."""
        return [task.ref for task in self.tasks]

    def columns(self) -> dict[str, object]:
        """One list per column, in submission order, and the shared values: the parameters
        of PostgreSQL's one-statement ``submit_tasks``."""
        documents = [
            (task.ref, slot, sealed) for task in self.tasks for slot, sealed in task.documents
        ]
        return {
            "refs": self.refs,
            "kinds": [task.kind for task in self.tasks],
            "pools": [task.pool for task in self.tasks],
            "priorities": [task.priority for task in self.tasks],
            "payloads": [task.payload for task in self.tasks],
            "id_hashes": [task.id_hash for task in self.tasks],
            "claim_keys": [task.claim_key for task in self.tasks],
            "deadlines": [task.deadline for task in self.tasks],
            "scopes": json.dumps(self.scopes),
            "doc_refs": [ref for ref, _, _ in documents],
            "doc_slots": [slot for _, slot, _ in documents],
            "doc_sealed": [sealed for _, _, sealed in documents],
            "max_attempts": self.max_attempts,
            "not_before": self.not_before,
            "now": self.now,
        }

    def rows(self, refs: Collection[str]) -> list[dict[str, object]]:
        """The parameters of SQLite's ``submit_tasks`` for each task whose ref is in
        ``refs``; scopes as a JSON array, the way SQLite stores them."""
        scopes = {kind: json.dumps(needed) for kind, needed in self.scopes.items()}
        shared = {"max_attempts": self.max_attempts, "not_before": self.not_before, "now": self.now}
        return [
            {
                "ref": task.ref,
                "kind": task.kind,
                "pool": task.pool,
                "priority": task.priority,
                "scopes": scopes.get(task.kind, "[]"),
                "payload": task.payload,
                "id_hash": task.id_hash,
                "claim_key": task.claim_key,
                "deadline": task.deadline,
                **shared,
            }
            for task in self.tasks
            if task.ref in refs
        ]

    def document_rows(self, refs: Collection[str]) -> list[dict[str, object]]:
        """The parameters of ``insert_document`` for the documents of the tasks in ``refs``."""
        return [
            {"ref": task.ref, "slot": slot, "sealed": sealed}
            for task in self.tasks
            if task.ref in refs
            for slot, sealed in task.documents
        ]


@dataclass(frozen=True)
class Inserted:
    """What ``_insert_tasks`` did with a batch."""

    #: refs that became new tasks
    new: set[str]
    #: the stored (sealed) payload of each ref of the batch that was in the pool already
    stored: dict[str, str]


def scopes_by_kind(scopes: Mapping[str, Collection[str]]) -> dict[str, list[str]]:
    """``scopes`` as every task stores them: each kind's list sorted, without repeats."""
    return {kind: sorted(set(needed)) for kind, needed in scopes.items()}
