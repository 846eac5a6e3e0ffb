"""Built-in plugin: the ``credit_bureau`` dataset (DESIGN.md, "Registry datasets").

``credit_bureau.csv``: ``subject,score,overdue_12m,open_loans,total_debt``; the subject is a
person's identity number or a business's unified social credit code, the score 300-900,
amounts in yuan. Added through ``register_datasets`` alone: no core module names it, and the
``csv`` and ``http`` source types serve it by its key. The product catalogue asks it for
"no overdue payment in 12 months".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from robotlib.plugins.host import hookimpl
from robotlib.sources.base import RecordSource
from robotlib.sources.datasets import DatasetKind, SandboxWorld
from robotlib.sources.records import uscc_key

NAME = "credit_bureau"


def subject_key(value: str) -> str:
    """Identity numbers and credit codes compare without spaces and dashes, upper case
    (a final ``x`` of an identity number is ``X``)."""
    return uscc_key(value)


class CreditRecord(BaseModel):
    """A row of ``credit_bureau.csv``: one subject's credit report, summarised."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    #: an identity number (a person) or a unified social credit code (a business)
    subject: Annotated[str, BeforeValidator(subject_key), Field(pattern=r"^[0-9A-Z]{15,18}$")]
    score: int = Field(ge=300, le=900)
    #: overdue payments in the last 12 months
    overdue_12m: int = Field(ge=0)
    open_loans: int = Field(ge=0)
    #: outstanding debt in yuan
    total_debt: Decimal = Field(ge=0, decimal_places=2)


class CreditBureauSource(RecordSource[CreditRecord]):
    """``credit_bureau``: ``lookup(subject)``, None when the bureau has no file on it."""


#: people and businesses the bureau has no file on (no credit history yet)
_NO_FILE = 0.15
#: subjects with a file but an overdue payment within the year
_OVERDUE = 0.12


def sandbox_credit(world: SandboxWorld) -> Iterator[CreditRecord]:
    """A credit file for most of the world's people and companies; some overdue, none for
    people without a history. Sorted by subject, so the file gives away no applicant."""
    rng = world.rng(NAME)
    subjects = [p.id_number for p in world.people] + [c.uscc for c in world.companies]
    for subject in sorted(subjects):
        if rng.random() < _NO_FILE:
            continue
        overdue = rng.randint(1, 4) if rng.random() < _OVERDUE else 0
        loans = rng.randint(0, 5)
        debt = Decimal(rng.randint(0, 40) * 5_000 * loans) + Decimal(rng.randint(0, 99)) / 100
        score = max(300, min(900, round(rng.gauss(720, 60)) - 70 * overdue))
        yield CreditRecord(
            subject=subject, score=score, overdue_12m=overdue, open_loans=loans, total_debt=debt
        )


CREDIT_BUREAU = DatasetKind(
    NAME,
    CreditRecord,
    ("subject",),
    subject_key,
    interface=CreditBureauSource,
    sandbox=sandbox_credit,
)


@hookimpl
def register_datasets(register: Callable[[DatasetKind], None]) -> None:
    register(CREDIT_BUREAU)
