"""The PostgreSQL task pool: one database shared by the workers of many hosts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import psycopg
from typing_extensions import override

from robotlib.config import PoolConfig
from robotlib.protection import KeyRing
from scheduler.db import Row, Transaction
from scheduler.db.postgres import PostgresDatabase
from scheduler.pool.bulk_insert import Inserted, TaskBatch
from scheduler.pool.postgres_listener import CHANNEL, Listener
from scheduler.pool.sql import Finishing, Refused, SqlPool

#: the claim half of the ``claim`` statement when only finishing: LIMIT 0 reads nothing
_NO_CLAIM: dict[str, object] = {
    "kinds": [],
    "pools": None,
    "held": [],
    "limit": 0,
    "worker": "",
    "lease_until": 0.0,
}
#: settings of every pool connection. The claim must walk tasks_claim_order in order and stop
#: after ``limit`` rows; with stale statistics (a batch just submitted to a pool the planner
#: believes empty) the planner otherwise reads every waiting task and sorts them, on every
#: claim. Every query of the pool has an index in the order it asks for: none needs a sort.
SESSION_SETTINGS = "SET enable_sort = off"


class PostgresPool(SqlPool):
    """A pool in a PostgreSQL database (the tables of the connection's ``search_path``).

    Claims are one statement that walks a partial index of waiting tasks with ``FOR UPDATE
    SKIP LOCKED``, so workers on any number of hosts claim side by side without waiting for
    each other or sharing a task. One query connection per pool object, guarded by a lock
    so a worker's heartbeat thread can share it; ``wait_for_work`` listens on a second one.

    An operation that loses its connection (the server restarted, a network cut) is retried
    on a new one with growing pauses for up to ``reconnect_seconds``, then raises
    ``PoolUnavailable``. Each operation is one transaction, so a retry never applies half of
    one; if the connection dies while the server commits, the retry finds the work done and
    reports a lost lease (``complete`` returns False although the result was stored).

    Times are Unix seconds from the clock of the host that writes them, so hosts sharing a
    pool keep their clocks in step (NTP): a lease written on one host expires by another's.
    """

    def __init__(
        self,
        url: str,
        config: PoolConfig | None = None,
        *,
        keyring: KeyRing,
        reconnect_seconds: float = 60.0,
        connect_timeout: int = 5,
    ) -> None:
        self.postgres = PostgresDatabase(
            url,
            reconnect_seconds=reconnect_seconds,
            connect_timeout=connect_timeout,
            session_settings=SESSION_SETTINGS,
        )
        super().__init__(self.postgres, keyring, config)
        self._listener = Listener(url, connect_timeout=connect_timeout)

    finish_is_one_statement = True
    insert_is_one_statement = True

    @override
    def _insert_tasks(self, tx: Transaction, batch: TaskBatch) -> Inserted:
        """One statement (``submit_tasks``) for the whole batch, its NOTIFY included; a
        second query only for refs that a concurrent submit committed meanwhile."""
        rows = tx.rows("submit_tasks", **batch.columns(), channel=CHANNEL)
        new = {ref for tag, ref, _ in rows if tag == "new"}
        stored = {ref: payload for tag, ref, payload in rows if tag == "old"}
        raced = [ref for ref in batch.refs if ref not in new and ref not in stored]
        if raced:
            stored.update(tx.rows("stored_payloads", refs=raced))
        return Inserted(new, stored)

    def _finish_many(
        self, tx: Transaction, finished: Sequence[Finishing], now: float
    ) -> list[bool]:
        """One statement: the leased tasks done or dead, their results stored."""
        return self._finish_and_claim(tx, finished, now, _NO_CLAIM)[0]

    def _finish_and_claim(
        self,
        tx: Transaction,
        finished: Sequence[Finishing],
        now: float,
        claim: Mapping[str, object],
    ) -> tuple[list[bool], list[Row]]:
        """One statement (``claim``), one commit: finish ``finished``, then claim."""
        try:
            rows = tx.rows("claim", **{**_finishing_lists(finished, now), **claim})
        except psycopg.errors.UniqueViolation:
            raise Refused from None  # a result exists; the statement wrote nothing
        stored = {row[1] for row in rows if row[0] is None}
        return _were_stored(finished, stored), [row for row in rows if row[0] is not None]

    def _signal_work(self, tx: Transaction) -> None:
        """``NOTIFY veribot_tasks``: delivered at commit, once per transaction."""
        tx.run("notify_work", channel=CHANNEL)

    def wait_for_work(self, timeout: float) -> bool:
        """Wait for ``NOTIFY veribot_tasks`` on the listener's own connection.

        Call it from one thread at a time.
        """
        return self._listener.wait(timeout)

    @override
    def close(self) -> None:
        self._listener.close()
        self.postgres.close()


def _finishing_lists(finished: Sequence[Finishing], now: float) -> dict[str, object]:
    """The parameters of ``finish_many``: one list per column, in the order of ``finished``."""
    results = [item.result for item in finished]
    return {
        "ids": [item.task_id for item in finished],
        "tokens": [item.token for item in finished],
        "statuses": [result.status.value for result in results],
        "errors": [result.error for result in results],
        "refs": [result.ref for result in results],
        "payloads": [item.payload for item in finished],
        "decisions": [None if r.decision is None else r.decision.value for r in results],
        "now": now,
    }


def _were_stored(finished: Sequence[Finishing], stored_refs: set[str]) -> list[bool]:
    return [item.result.ref in stored_refs for item in finished]
