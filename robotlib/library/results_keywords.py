"""Keywords that read results, export them and check them against expected answers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from robot.api import logger
from robotlibcore import keyword

from robotlib.demo.agreement import read_expected
from robotlib.library.context import LibraryContext
from robotlib.library.errors import VeribotLibraryError
from robotlib.model import ResultRecord, TaskStatus
from robotlib.workbooks import read_results_workbook, write_results_workbook


@dataclass(frozen=True)
class Comparison:
    """How a results workbook compares with expected answers (refs only)."""

    compared: int
    agree: int
    #: refs whose decision differs from the expected one
    disagreements: list[str] = field(default_factory=list)
    #: refs approved although review or reject was expected: never allowed
    false_approvals: list[str] = field(default_factory=list)
    #: expected refs with no row in the workbook (skipped refs excluded)
    missing: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Share of compared rows whose decision agrees."""
        return self.agree / self.compared if self.compared else 0.0


class ResultsKeywords:
    """Get, export and check results."""

    def __init__(self, ctx: LibraryContext) -> None:
        self.ctx = ctx

    @keyword
    def get_results(
        self, status: TaskStatus | None = None, refs: list[str] | None = None
    ) -> list[ResultRecord]:
        """The result record of every task in the pool (or of ``refs``), ordered by ref.

        ``status`` keeps only tasks in that state (done, dead, failed, pending, running,
        cancelled). Each record has ``ref``, ``status``, ``decision``, ``reasons``,
        ``fields``, ``risk_score``, ``recommendations`` and ``attempts``; Robot Framework's
        output masks names, identity numbers and phones.

        Example:
        | ${results}=    Get Results    status=done
        | Length Should Be    ${results}    100
        """
        wanted = None if refs is None else set(refs)
        records = [
            record
            for record in self.ctx.call(lambda: list(self.ctx.pool.results(status)))
            if wanted is None or record.ref in wanted
        ]
        self.ctx.guard.remember(record.fields.name for record in records)
        return records

    @keyword
    def get_result(self, ref: str) -> ResultRecord:
        """The result record of the application ``ref``; fails when the pool has no such ref.

        Example:
        | ${result}=    Get Result    SZ-000001
        | Should Be Equal    ${result.status.value}    done
        """
        found = self.get_results(refs=[ref])
        if not found:
            raise VeribotLibraryError(f"the pool has no application {ref!r}")
        return found[0]

    @keyword
    def export_results_to_excel(self, path: Path, refs: list[str] | None = None) -> Path:
        """Write the results (all, or those of ``refs``) to an Excel workbook; returns its path.

        One row per application: ref, status, decision, reasons, masked name, masked ID
        number, risk score. The full records stay in the pool (``veribot results``).

        Example:
        | Export Results To Excel    ${OUT}/results.xlsx    refs=${summary.refs}
        """
        records = self.get_results(refs=refs)
        rows = write_results_workbook(records, path)
        decisions = Counter(str(r.decision or r.status) for r in records)
        logger.info(f"{rows} results written to {path}: {dict(sorted(decisions.items()))}")
        return path

    @keyword
    def workbook_decisions_should_match_expected(
        self,
        workbook: Path,
        expected: Path,
        skip: list[str] | None = None,
        min_agreement: float = 1.0,
    ) -> Comparison:
        """Fail unless the decisions in ``workbook`` are the ones ``expected`` gives.

        ``expected`` is a sandbox world's ``expected.jsonl``; refs in ``skip`` (for example
        the rows rejected at intake) must be absent from the workbook, every other expected
        ref present. Any approval where review or reject was expected fails at once; other
        disagreements (a photo OCR could not read goes to review) are allowed up to
        ``1 - min_agreement`` of the compared rows. Disagreements are logged by ref only.

        Example:
        | Workbook Decisions Should Match Expected    ${OUT}/results.xlsx
        | ...    ${WORLD}/expected.jsonl    skip=${summary.rejected_refs}    min_agreement=0.99
        """
        got = self.ctx.call(lambda: read_results_workbook(workbook))
        want = self.ctx.call(lambda: read_expected(expected))
        skipped = set(skip or ())
        present = sorted(skipped & set(got))
        if present:
            raise VeribotLibraryError(f"rejected refs have results: {', '.join(present)}")
        differ = sorted(ref for ref, e in want.items() if ref in got and got[ref][0] != e.decision)
        comparison = Comparison(
            compared=sum(1 for ref in want if ref in got),
            agree=sum(1 for ref in want if ref in got) - len(differ),
            disagreements=differ,
            false_approvals=[ref for ref in differ if got[ref][0] == "approve"],
            missing=sorted(ref for ref in want if ref not in got and ref not in skipped),
        )
        for ref in differ:
            logger.warn(
                f"{ref}: expected {want[ref].decision.value}, got {got[ref][0]} "
                f"({' '.join(sorted(got[ref][1])) or 'no reasons'})"
            )
        logger.info(
            f"{comparison.agree}/{comparison.compared} decisions agree "
            f"({comparison.rate:.1%}); {len(comparison.missing)} missing"
        )
        if comparison.false_approvals or comparison.missing or comparison.rate < min_agreement:
            raise VeribotLibraryError(
                f"{len(comparison.false_approvals)} false approval(s) "
                f"({', '.join(comparison.false_approvals[:20])}), "
                f"{len(differ)} decision(s) differ ({', '.join(differ[:20])}), "
                f"{len(comparison.missing)} missing ({', '.join(comparison.missing[:20])}); "
                f"agreement {comparison.rate:.1%}, at least {min_agreement:.1%} required"
            )
        return comparison
