"""Re-sealing the pool's stored personal data with the active key after ``keys rotate``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from scheduler.db import Row, Transaction
from scheduler.pool.base import TaskPool
from scheduler.pool.sealed import RESULT_PURPOSE, TASK_PURPOSE, open_stored
from scheduler.pool.vault import DOCUMENT_PURPOSE
from scheduler.pool_keys import claim_pool_keys

_PAGE = 500


@dataclass(frozen=True)
class _Sealed:
    """A column of sealed payloads: how to page through it and write one back."""

    page_query: str
    set_query: str
    purpose: str
    key: str
    first: object


_COLUMNS = (
    _Sealed("task_payloads", "set_task_payload", TASK_PURPOSE, "id", 0),
    _Sealed("result_payloads", "set_result_payload", RESULT_PURPOSE, "ref", ""),
)


def reseal(pool: TaskPool, progress: Callable[[int], None] | None = None) -> int:
    """Seal again, with the pool key ring's active key, every task and result payload and
    every document sealed with another key (or not sealed: rows from before protection).
    Page by page, one transaction each, so an interrupted rotation resumes where it stopped.

    The active key is first recorded as one the pool uses (hosts without it are refused).

    :returns: how many values were re-sealed.
    """
    claim_pool_keys(pool, "the rotated key file")
    prefix = f"v1:{pool.keyring.active}:%"
    done = 0
    for column in _COLUMNS:
        after = column.first
        while True:
            work = partial(_reseal_page, pool, column=column, after=after, prefix=prefix)
            page = pool.database.transaction(work)
            done += len(page)
            if progress is not None:
                progress(done)
            if len(page) < _PAGE:
                break
            after = page[-1][0]
    after_document = ("", "")
    while True:
        work = partial(_reseal_documents, pool, after=after_document)
        page = pool.database.transaction(work)
        done += len(page)
        if progress is not None:
            progress(done)
        if len(page) < _PAGE:
            return done
        after_document = (page[-1][0], page[-1][1])


def _reseal_documents(pool: TaskPool, tx: Transaction, *, after: tuple[str, str]) -> list[Row]:
    prefix = f"v1:{pool.keyring.active}:".encode("ascii")
    page = tx.rows(
        "document_page", after_ref=after[0], after_slot=after[1], sealed_prefix=prefix, limit=_PAGE
    )
    for ref, slot, sealed in page:
        data = pool.keyring.open_bytes(bytes(sealed), DOCUMENT_PURPOSE)
        tx.run(
            "set_document",
            ref=ref,
            slot=slot,
            sealed=pool.keyring.seal_bytes(data, DOCUMENT_PURPOSE),
        )
    return page


def _reseal_page(
    pool: TaskPool, tx: Transaction, *, column: _Sealed, after: object, prefix: str
) -> list[Row]:
    page = tx.rows(column.page_query, after=after, sealed_prefix=prefix, limit=_PAGE)
    for row_key, stored in page:
        plain = open_stored(pool.keyring, stored, column.purpose)
        sealed = pool.keyring.seal(plain, column.purpose)
        tx.run(column.set_query, payload=sealed, **{column.key: row_key})
    return page
