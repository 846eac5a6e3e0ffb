"""Keywords that verify: a batch with worker processes, or one application inline."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from robot.api import logger
from robotlibcore import keyword

from robotlib.intake import IntakeReport
from robotlib.intake.confine import DocumentLimits
from robotlib.library.context import LibraryContext
from robotlib.library.errors import VeribotLibraryError
from robotlib.model import ResultRecord
from scheduler.supervisor import RunProgress, RunReport, run_workers

#: seconds between progress lines on the console
PROGRESS_SECONDS = 30.0


class BatchKeywords:
    """Run verification."""

    def __init__(self, ctx: LibraryContext) -> None:
        self.ctx = ctx

    @keyword
    def use_veribot_config(self, path: Path) -> None:
        """Use the veribot.toml at ``path`` from now on (pool, sources, policy, OCR).

        Without this keyword the library uses the ``config`` import argument, else
        ``$VERIBOT_CONFIG``, else the built-in defaults.

        Example:
        | Use Veribot Config    ${WORLD}/veribot.toml
        """
        self.ctx.use_config(path)
        self.ctx.call(lambda: self.ctx.config)

    @keyword
    def run_verification_batch(self, workers: int = 2) -> RunReport:
        """Verify everything waiting in the pool with ``workers`` processes, until it is empty.

        Each worker loads OCR once with the configured ``[ocr] threads``; size
        ``workers x threads`` to the CPU cores. Returns ``done``, ``dead``, ``remaining``,
        ``elapsed`` (seconds) and ``throughput`` (tasks per second).

        Example:
        | ${run}=    Run Verification Batch    workers=2
        | Should Be Equal As Integers    ${run.remaining}    0
        """
        if workers < 1:
            raise VeribotLibraryError(f"workers must be at least 1, not {workers}")
        config = self.ctx.config
        shown = [0.0]

        def progress(snapshot: RunProgress) -> None:
            # a line on the console now and then: an overnight batch runs for a long time
            if time.monotonic() - shown[0] >= PROGRESS_SECONDS:
                shown[0] = time.monotonic()
                logger.console(f"verifying: {snapshot.done}/{snapshot.total}")

        report = self.ctx.call(lambda: run_workers(config, workers, True, progress))
        logger.info(
            f"done {report.done}, dead {report.dead}, remaining {report.remaining} in "
            f"{report.elapsed:.1f} s ({report.throughput:.2f} tasks/s)"
        )
        return report

    @keyword
    def verify_application(self, application: dict[str, Any] | Path) -> ResultRecord:
        """Verify one application in this process and return its result; nothing is stored.

        ``application`` is a dictionary in the application record format or the path of a
        JSON file holding one (document paths are relative to that file; in a dictionary,
        to the current folder, and must lie inside that folder or an ``[intake] roots``
        folder, as ``Submit Applications`` requires). The result has
        ``decision``, ``reasons``, ``fields``, ``risk_score`` and ``recommendations``.

        Example:
        | ${result}=    Verify Application    ${CURDIR}/application.json
        | Should Be Equal    ${result.decision.value}    approve
        """
        base = Path.cwd()
        if isinstance(application, Path):
            base = application.resolve().parent
            try:
                application = json.loads(application.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise VeribotLibraryError(f"cannot read application file: {exc}") from None
        if not isinstance(application, dict):
            raise VeribotLibraryError("not a valid application: expected a JSON object")
        intake = IntakeReport(path=base, limits=DocumentLimits.from_config(self.ctx.config))
        record = intake.add(1, application, base)
        if record is None:
            problems = "; ".join(f"{e.field or 'record'}: {e.message}" for e in intake.errors)
            raise VeribotLibraryError(f"not a valid application: {problems}")
        parsed = record.application
        self.ctx.guard.remember([parsed.applicant.name])
        result = self.ctx.call(lambda: self.ctx.worker.verify(parsed))
        self.ctx.guard.remember([result.fields.name])
        return result
