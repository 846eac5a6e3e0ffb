"""What the SQL backends share: every pool operation, written once over named queries.

A backend provides its ``scheduler.db`` database, which runs the named queries of
``scheduler/db/queries/<backend>_tasks.sql`` in transactions, and ``wait_for_work``. The logic
of leases, attempts, dead letters and retries lives here, so the backends cannot drift apart.
"""

from __future__ import annotations

import json
import time
from abc import abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple, TypeVar

from typing_extensions import override

from robotlib.config import PoolConfig
from robotlib.model import Application, Decision, ResultRecord, Task, TaskStatus
from robotlib.protection import KeyRing, NotSealed
from scheduler.db import Database, Row, Transaction
from scheduler.errors import PoolDataError
from scheduler.pool.base import (
    DEFAULT_LEASE_SECONDS,
    DEFAULT_MAX_ATTEMPTS,
    AtRisk,
    PoolStats,
    SubmitReport,
    TaskPool,
    TaskTiming,
    WaitingGroup,
)
from scheduler.pool.bulk_insert import Inserted, NewTask, TaskBatch, scopes_by_kind
from scheduler.pool.ordering import claim_key, deadline_of, priority_of
from scheduler.pool.sealed import RESULT_PURPOSE, TASK_PURPOSE, open_stored
from scheduler.pool.vault import DOCUMENT_PURPOSE, sealed_documents

T = TypeVar("T")
L = TypeVar("L")


def _differs(app: Application, first: Application, first_content: str) -> bool:
    """Whether ``app`` repeats the ref of ``first`` (whose JSON is ``first_content``) with
    other content."""
    return app is not first and app.model_dump_json() != first_content


class Finishing(NamedTuple):
    """A task to finish under its lease, with its result as stored (sealed JSON)."""

    task_id: int
    token: str
    result: ResultRecord
    payload: str


#: the error stored on a task whose worker stopped renewing its lease
LOST_WORKER = "the worker holding the task stopped renewing its lease"
_RESULTS_PAGE_SIZE = 500
#: the most at-risk tasks ``stats`` lists, soonest deadline first
AT_RISK_LIMIT = 100


class Refused(Exception):
    """Roll the transaction back: the lease is no longer ours, or a result exists."""


class SqlPool(TaskPool):
    """The pool operations over named queries; a backend brings its ``scheduler.db``
    database and ``wait_for_work``."""

    #: True when the backend's ``_finish_many`` is one statement, which the
    #: database applies atomically even outside an explicit transaction
    finish_is_one_statement = False
    #: True when the backend's ``_insert_tasks`` writes in one statement (it may read once
    #: more afterwards), so needs no explicit transaction either
    insert_is_one_statement = False

    def __init__(
        self, database: Database, keyring: KeyRing, config: PoolConfig | None = None
    ) -> None:
        self.database = database
        self.config = config or PoolConfig()
        self.keyring = keyring

    def seal(self, plaintext: str, purpose: str) -> str:
        """``plaintext`` as stored: sealed with the active key."""
        return self.keyring.seal(plaintext, purpose)

    def unseal(self, stored: str, purpose: str) -> str:
        """The plaintext of a stored value (``sealed.open_stored``)."""
        return open_stored(self.keyring, stored, purpose)

    def _finishing(self, task_id: int, token: str, result: ResultRecord) -> Finishing:
        return Finishing(
            task_id, token, result, self.seal(result.model_dump_json(), RESULT_PURPOSE)
        )

    def _finish_many(
        self, tx: Transaction, finished: Sequence[Finishing], now: float
    ) -> list[bool]:
        """Mark each task done or dead under its lease and store its result.

        :returns: per task, whether it was finished (False: the lease is no longer held, and
            nothing was written for that task).
        :raises Refused: a result for one of the refs exists already; the caller rolls back.
        """
        return [_finish(tx, item, now) for item in finished]

    def _finish_and_claim(
        self,
        tx: Transaction,
        finished: Sequence[Finishing],
        now: float,
        claim: Mapping[str, object],
    ) -> tuple[list[bool], list[Row]]:
        """``_finish_many``, then the ``claim`` query with the parameters ``claim``.

        :raises Refused: as ``_finish_many``; the caller rolls back, nothing is claimed.
        """
        return self._finish_many(tx, finished, now), tx.rows("claim", **claim)

    @abstractmethod
    def _insert_tasks(self, tx: Transaction, batch: TaskBatch) -> Inserted:
        """Insert the tasks of ``batch`` whose ref is not in the pool, with their documents,
        and wake waiting workers (``_signal_work``) when any was inserted.

        :returns: the refs inserted, and the stored payload of every other ref of the batch.
        """

    def _signal_work(self, tx: Transaction) -> None:
        """Wake waiting workers when ``tx`` commits: tasks became claimable.

        The default does nothing, for backends whose waiters notice commits on their own.
        """

    def _while_leased(self, work: Callable[[Transaction], T], *, lost: L) -> T | L:
        """``work`` in one transaction, or ``lost`` when it finds the lease gone (``Refused``):
        another worker holds the task now, and nothing was written."""
        try:
            return self.database.transaction(work)
        except Refused:
            return lost

    @override
    def submit(
        self,
        applications: Iterable[Application],
        scopes: Mapping[str, Collection[str]] | None = None,
        *,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        not_before: float | None = None,
    ) -> SubmitReport:
        given = list(applications)
        first: dict[str, Application] = {}
        for app in given:
            first.setdefault(app.ref, app)
        if not first:
            return SubmitReport()
        now = time.time()
        # serialised once: sealed into the payload, and compared with what a taken ref holds
        content = {ref: app.model_dump_json() for ref, app in first.items()}
        batch = TaskBatch(
            tasks=[self._new_task(app, content[ref], now) for ref, app in first.items()],
            scopes=scopes_by_kind(scopes or {}),
            max_attempts=max_attempts,
            not_before=not_before or 0.0,
            now=now,
        )
        outcome = self.database.transaction(
            lambda tx: self._insert_tasks(tx, batch),
            single_statement=self.insert_is_one_statement,
        )
        inserted = set(outcome.new)
        conflicting = {
            ref
            for ref, stored in outcome.stored.items()
            if self.unseal(stored, TASK_PURPOSE) != content[ref]
        }
        report = SubmitReport()
        for app in given:
            if app.ref in inserted:
                report.submitted.append(app.ref)
                inserted.discard(app.ref)  # a repeat within the input is a duplicate
            elif app.ref in conflicting or _differs(app, first[app.ref], content[app.ref]):
                report.conflicts.append(app.ref)
            else:
                report.duplicates.append(app.ref)
        return report

    def _new_task(self, app: Application, content: str, now: float) -> NewTask:
        """The columns of ``app``'s task that depend on the application (``content``: its
        JSON), its payload and documents sealed."""
        priority = priority_of(app)
        deadline = deadline_of(app, now, self.config)
        return NewTask(
            ref=app.ref,
            kind=app.kind,
            pool=app.branch,
            priority=priority.value,
            payload=self.seal(content, TASK_PURPOSE),
            id_hash=self.keyring.lookup_hash(app.applicant.id_number),
            claim_key=claim_key(priority, now, deadline, self.config),
            deadline=deadline,
            documents=sealed_documents(self.keyring, app),
        )

    @override
    def claim(
        self,
        worker_id: str,
        kinds: Collection[str],
        scopes_held: Collection[str],
        limit: int = 1,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        pools: Collection[str] | None = None,
    ) -> list[Task]:
        now = time.time()
        request = _claim_request(worker_id, kinds, scopes_held, limit, lease_seconds, pools, now)
        if request is None:
            return []
        rows = self.database.transaction(
            lambda tx: self._finish_and_claim(tx, (), now, request)[1], single_statement=True
        )
        return self._claimed_tasks(rows)

    def _claimed_tasks(self, rows: list[Row]) -> list[Task]:
        """The tasks of ``claim`` rows, best first: claim key, then submission order."""
        rows.sort(key=lambda row: (row[8], row[0]))
        return [
            Task(
                id=task_id,
                ref=ref,
                kind=kind,
                pool=pool,
                priority=priority,
                attempts=attempts,
                lease_token=token,
                payload=self.unseal(payload, TASK_PURPOSE),
                has_documents=bool(documents),
            )
            for task_id, ref, kind, pool, priority, attempts, token, payload, _, documents in rows
        ]

    def _result(self, stored: str) -> ResultRecord:
        return ResultRecord.model_validate_json(self.unseal(stored, RESULT_PURPOSE))

    @override
    def heartbeat(self, task: Task, lease_seconds: float = DEFAULT_LEASE_SECONDS) -> bool:
        now = time.time()
        renewed = self.database.transaction(
            lambda tx: tx.run(
                "renew_lease",
                id=task.id,
                token=task.lease_token,
                lease_until=now + lease_seconds,
                now=now,
            ),
            single_statement=True,
        )
        return renewed == 1

    def _complete_one(
        self, task: Task, result: ResultRecord, also: Callable[[Transaction], object]
    ) -> bool:
        """Store one result, running ``also`` in the same transaction when it is stored:
        what ``complete_many_with`` falls back to when a batch holds a ref with a result."""
        now = time.time()
        item = self._finishing(task.id, task.lease_token, result)

        def work(tx: Transaction) -> bool:
            [stored] = self._finish_many(tx, [item], now)
            if stored:
                also(tx)
            return stored

        return self._while_leased(work, lost=False)

    @override
    def complete_and_claim(
        self,
        finished: Sequence[tuple[Task, ResultRecord]],
        worker_id: str,
        kinds: Collection[str],
        scopes_held: Collection[str],
        limit: int = 1,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        pools: Collection[str] | None = None,
        *,
        also: Callable[[Transaction, list[bool]], object] | None = None,
    ) -> tuple[list[bool], list[Task]]:
        now = time.time()
        request = _claim_request(worker_id, kinds, scopes_held, limit, lease_seconds, pools, now)
        if not finished or request is None:
            return super().complete_and_claim(
                finished, worker_id, kinds, scopes_held, limit, lease_seconds, pools, also=also
            )
        batch = [self._finishing(task.id, task.lease_token, result) for task, result in finished]

        def work(tx: Transaction) -> tuple[list[bool], list[Row]]:
            stored, rows = self._finish_and_claim(tx, batch, now, request)
            if also is not None:
                also(tx, stored)
            return stored, rows

        try:
            stored, rows = self.database.transaction(
                work, single_statement=self.finish_is_one_statement and also is None
            )
        except Refused:
            # nothing was written or claimed: settle the results one by one, then claim
            return super().complete_and_claim(
                finished, worker_id, kinds, scopes_held, limit, lease_seconds, pools, also=also
            )
        return stored, self._claimed_tasks(rows)

    @override
    def complete_many_with(
        self,
        finished: Sequence[tuple[Task, ResultRecord]],
        also: Callable[[Transaction, list[bool]], object],
    ) -> list[bool]:
        if not finished:
            return []
        now = time.time()
        batch = [self._finishing(task.id, task.lease_token, result) for task, result in finished]

        def work(tx: Transaction) -> list[bool]:
            stored = self._finish_many(tx, batch, now)
            also(tx, stored)
            return stored

        try:
            return self.database.transaction(work)
        except Refused:
            # one ref already had a result: settle each on its own so the others still land
            return [
                self._complete_one(task, result, _only(also, index, len(finished)))
                for index, (task, result) in enumerate(finished)
            ]

    @override
    def give_back(self, tasks: Sequence[Task]) -> int:
        now = time.time()

        def work(tx: Transaction) -> int:
            return sum(
                tx.run("give_back_task", id=task.id, token=task.lease_token, now=now)
                for task in tasks
            )

        return self.database.transaction(work) if tasks else 0

    @override
    def fail(
        self,
        task: Task,
        error: str,
        retry_in: float,
        reasons: Sequence[str] = (),
        *,
        business: bool = False,
    ) -> TaskStatus | None:
        now = time.time()

        def work(tx: Transaction) -> TaskStatus:
            leased = tx.row("select_leased", id=task.id, token=task.lease_token)
            if leased is None:
                raise Refused
            attempts, max_attempts = leased
            if business or attempts >= max_attempts:
                dead = dead_result(task.ref, task.kind, attempts, error, reasons)
                _finish(tx, self._finishing(task.id, task.lease_token, dead), now)
                return TaskStatus.DEAD
            _release(tx, task.id, task.lease_token, TaskStatus.FAILED, now + retry_in, error, now)
            return TaskStatus.FAILED

        return self._while_leased(work, lost=None)

    @override
    def postpone(
        self,
        task: Task,
        until: float,
        error: str,
        reasons: Sequence[str] = (),
        *,
        budget_seconds: float,
    ) -> TaskStatus | None:
        now = time.time()

        def work(tx: Transaction) -> TaskStatus:
            leased = tx.row("select_outage_start", id=task.id, token=task.lease_token)
            if leased is None:
                raise Refused
            since = now if leased[0] is None else float(leased[0])
            if leased[0] is not None and now - since >= budget_seconds:
                dead = dead_result(task.ref, task.kind, task.attempts, error, reasons)
                _finish(tx, self._finishing(task.id, task.lease_token, dead), now)
                return TaskStatus.DEAD
            not_before = min(until, since + budget_seconds)
            postponed = tx.run(
                "postpone_task",
                id=task.id,
                token=task.lease_token,
                not_before=not_before,
                error=error,
                now=now,
            )
            if postponed != 1:
                raise Refused
            return TaskStatus.FAILED

        return self._while_leased(work, lost=None)

    @override
    def waiting_needs(self) -> list[WaitingGroup]:
        rows = self.database.transaction(lambda tx: tx.rows("waiting_needs"), write=False)
        return [
            WaitingGroup(kind, pool, frozenset(_scope_list(scopes)), int(count), first_ref)
            for kind, pool, scopes, count, first_ref in rows
        ]

    @override
    def requeue_expired(self) -> int:
        now = time.time()

        def work(tx: Transaction) -> int:
            expired = tx.rows("select_expired", now=now)
            for task_id, ref, kind, attempts, max_attempts, token in expired:
                if attempts >= max_attempts:
                    dead = dead_result(ref, kind, attempts, LOST_WORKER, ())
                    _finish(tx, self._finishing(task_id, token, dead), now)
                else:
                    _release(tx, task_id, token, TaskStatus.PENDING, now, LOST_WORKER, now)
            if expired:
                self._signal_work(tx)
            return len(expired)

        return self.database.transaction(work)

    @override
    def cancel(self, refs: Collection[str]) -> list[str]:
        wanted = _listed(refs)
        now = time.time()
        cancelled = self.database.transaction(
            lambda tx: tx.rows("cancel_tasks", refs=wanted, now=now)
        )
        return _in_order(wanted, cancelled)

    @override
    def retry(self, refs: Collection[str]) -> list[str]:
        wanted = _listed(refs)
        now = time.time()

        def work(tx: Transaction) -> list[Row]:
            retried = tx.rows("reschedule_failed", refs=wanted, now=now) + _revive_dead(
                tx, wanted, now
            )
            if retried:
                self._signal_work(tx)
            return retried

        return _in_order(wanted, self.database.transaction(work))

    @override
    def requeue_dead(self, refs: Collection[str] | None = None) -> list[str]:
        wanted = _listed(refs)
        now = time.time()

        def work(tx: Transaction) -> list[Row]:
            revived = _revive_dead(tx, wanted, now)
            if revived:
                self._signal_work(tx)
            return revived

        revived = self.database.transaction(work)
        return sorted(ref for (ref,) in revived) if wanted is None else _in_order(wanted, revived)

    @override
    def dead(self, limit: int = 100) -> list[ResultRecord]:
        rows = self.database.transaction(
            lambda tx: tx.rows("dead_results", limit=limit), write=False
        )
        return [self._result(payload) for (payload,) in rows]

    @override
    def purge(self, older_than_seconds: float) -> int:
        before = time.time() - older_than_seconds

        def work(tx: Transaction) -> int:
            tx.run("purge_results", before=before)
            tx.run("purge_documents", before=before)
            return tx.run("purge_tasks", before=before)

        return self.database.transaction(work)

    @override
    def counts(
        self, kinds: Collection[str] | None = None, *, pools: Collection[str] | None = None
    ) -> dict[TaskStatus, int]:
        rows = self.database.transaction(
            lambda tx: tx.rows("count_by_status", kinds=_listed(kinds), pools=_listed(pools)),
            write=False,
        )
        counts = dict.fromkeys(TaskStatus, 0)
        for status, count in rows:
            counts[TaskStatus(status)] = int(count)
        return counts

    @override
    def stats(self, now: float | None = None) -> PoolStats:
        at = time.time() if now is None else now

        def work(tx: Transaction) -> tuple[list[Row], Row | None, list[Row]]:
            return (
                tx.rows("count_by_pool_status_priority"),
                tx.row("oldest_waiting"),
                tx.rows("at_risk", horizon=at + self.config.at_risk_seconds, limit=AT_RISK_LIMIT),
            )

        counts, oldest, at_risk = self.database.transaction(work, write=False)
        return PoolStats(
            counts={
                (pool, TaskStatus(status), priority): int(count)
                for pool, status, priority, count in counts
            },
            oldest_pending_age=None if oldest is None or oldest[0] is None else at - oldest[0],
            at_risk=[
                AtRisk(ref, pool, priority, deadline, deadline - at)
                for ref, pool, priority, deadline in at_risk
            ],
        )

    @override
    def results(self, status: TaskStatus | None = None) -> Iterator[ResultRecord]:
        after = ""
        while True:
            page = self._results_page(after, status)
            for ref, task_status, kind, attempts, last_error, payload in page:
                if payload is not None:
                    yield self._result(payload)
                else:
                    yield ResultRecord(
                        ref=ref,
                        status=TaskStatus(task_status),
                        bot=kind,
                        attempts=attempts,
                        error=last_error,
                    )
            if len(page) < _RESULTS_PAGE_SIZE:
                return
            after = page[-1][0]

    def _results_page(self, after: str, status: TaskStatus | None) -> list[Row]:
        return self.database.transaction(
            lambda tx: tx.rows(
                "results_page",
                after=after,
                status=None if status is None else status.value,
                limit=_RESULTS_PAGE_SIZE,
            ),
            write=False,
        )

    @override
    def documents(self, ref: str) -> dict[str, bytes]:
        # every task's worker asks: one statement, without BEGIN and COMMIT round trips
        rows = self.database.transaction(
            lambda tx: tx.rows("documents_of", ref=ref), write=False, single_statement=True
        )
        try:
            return {
                slot: self.keyring.open_bytes(bytes(sealed), DOCUMENT_PURPOSE)
                for slot, sealed in rows
            }
        except NotSealed as exc:
            raise PoolDataError(f"a stored document of {ref} cannot be read: {exc}") from None

    @override
    def refs_of_id_number(self, id_number: str) -> list[str]:
        digest = self.keyring.lookup_hash(id_number)
        rows = self.database.transaction(
            lambda tx: tx.rows("refs_by_id_hash", id_hash=digest), write=False
        )
        return [ref for (ref,) in rows]

    @override
    def timings(self) -> list[TaskTiming]:
        rows = self.database.transaction(lambda tx: tx.rows("timings"), write=False)
        return [TaskTiming(*row) for row in rows]


def _finish(tx: Transaction, item: Finishing, now: float) -> bool:
    """Mark the task done or dead under its lease and store its result.

    :returns: False, having written nothing, when the lease is no longer held.
    :raises Refused: a result for this ref exists already (the caller rolls back).
    """
    result = item.result
    finished = tx.run(
        "finish_task",
        id=item.task_id,
        token=item.token,
        status=result.status.value,
        error=result.error,
        now=now,
    )
    if finished != 1:
        return False
    stored = tx.run(
        "insert_result",
        ref=result.ref,
        payload=item.payload,
        decision=None if result.decision is None else result.decision.value,
        now=now,
    )
    if stored != 1:
        raise Refused
    return True


def _only(
    also: Callable[[Transaction, list[bool]], object], index: int, count: int
) -> Callable[[Transaction], object]:
    """``also`` for a batch of ``count`` of which only item ``index`` was stored."""
    return lambda tx: also(tx, [i == index for i in range(count)])


def _release(
    tx: Transaction,
    task_id: int,
    token: str,
    status: TaskStatus,
    not_before: float,
    error: str,
    now: float,
) -> None:
    """Return a running task to waiting (``status`` pending or failed), or raise ``Refused``."""
    released = tx.run(
        "release_task",
        id=task_id,
        token=token,
        status=status.value,
        not_before=not_before,
        error=error,
        now=now,
    )
    if released != 1:
        raise Refused


def _revive_dead(tx: Transaction, refs: list[str] | None, now: float) -> list[Row]:
    """Dead tasks (among ``refs``; None: all) back to pending, their dead results removed."""
    revived = tx.rows("revive_dead", refs=refs, now=now)
    if revived:
        tx.run("delete_results", refs=[ref for (ref,) in revived])
    return revived


def dead_result(
    ref: str, kind: str, attempts: int, error: str, reasons: Sequence[str]
) -> ResultRecord:
    """The result of a task that failed too often or broke a business rule: a human reviews
    it, never approve."""
    return ResultRecord(
        ref=ref,
        status=TaskStatus.DEAD,
        decision=Decision.REVIEW,
        reasons=list(reasons),
        bot=kind,
        attempts=attempts,
        error=error,
    )


def _claim_request(
    worker_id: str,
    kinds: Collection[str],
    scopes_held: Collection[str],
    limit: int,
    lease_seconds: float,
    pools: Collection[str] | None,
    now: float,
) -> dict[str, object] | None:
    """The parameters of the ``claim`` query, or None when nothing can match."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    if not kinds or (pools is not None and not pools):
        return None
    return {
        "now": now,
        "kinds": _listed(kinds),
        "pools": _listed(pools),
        "held": _listed(scopes_held),
        "limit": limit,
        "worker": worker_id,
        "lease_until": now + lease_seconds,
    }


def _scope_list(stored: str | Sequence[str]) -> list[str]:
    """A task's scopes as the backend returns them: a JSON list (SQLite) or an array."""
    return json.loads(stored) if isinstance(stored, str) else list(stored)


def _listed(values: Collection[str] | None) -> list[str] | None:
    """``values`` without repeats, in their order (None stays None: no filter)."""
    return None if values is None else list(dict.fromkeys(values))


def _in_order(wanted: list[str] | None, rows: list[Row]) -> list[str]:
    """The refs of ``rows`` in the order of ``wanted``."""
    got = {ref for (ref,) in rows}
    return [ref for ref in wanted or () if ref in got]
