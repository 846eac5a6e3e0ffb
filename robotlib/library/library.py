"""``VeribotLibrary``: the keyword components composed on PythonLibCore's DynamicCore."""

from __future__ import annotations

from pathlib import Path

from robotlibcore import DynamicCore

from robotlib import __version__
from robotlib.library.batch_keywords import BatchKeywords
from robotlib.library.context import LibraryContext
from robotlib.library.document_keywords import DocumentKeywords
from robotlib.library.inbox_keywords import InboxKeywords
from robotlib.library.intake_keywords import IntakeKeywords
from robotlib.library.masking_listener import MaskingListener
from robotlib.library.results_keywords import ResultsKeywords


class VeribotLibrary(DynamicCore):
    """Verify bank onboarding applications from Robot Framework tasks.

    Submit applications (JSONL, CSV or an employer's Excel file), run a verification batch
    with worker processes, verify one application inline, OCR an ID card, query a registry
    within the robot's grants, get results and export them to Excel.

    = Configuration =

    The library uses ``veribot.toml`` from the ``config`` import argument, else
    ``$VERIBOT_CONFIG``, else the built-in defaults; `Use Veribot Config` switches later.
    ``grants`` are the robot identity's scopes (comma separated, for example
    ``ocr,source:gov_identity``); by default every installed bot's scopes.

    = Personal data =

    The library's listener masks identity numbers, mobile numbers and every applicant name
    the library has read in all of Robot Framework's log messages (``440305********1236``,
    ``138****8000``, ``张*``), whatever keyword logged them. Arguments written literally in
    a ``.robot`` file are recorded as written: pass personal data in variables or files.

    = Example =

    | *** Settings ***
    | Library    robotlib.VeribotLibrary    config=${WORLD}/veribot.toml
    |
    | *** Tasks ***
    | Verify The Payroll File
    |     ${summary}=    Submit Applications    ${INBOX}/payroll.xlsx    images=${PHOTOS}
    |     Run Verification Batch    workers=2
    |     Export Results To Excel    ${OUT}/results.xlsx    refs=${summary.refs}
    """

    ROBOT_LIBRARY_SCOPE = "GLOBAL"
    ROBOT_LIBRARY_VERSION = __version__

    def __init__(self, config: Path | None = None, grants: str | None = None) -> None:
        scopes = None if grants is None else frozenset(g.strip() for g in grants.split(","))
        self.ctx = LibraryContext(config, scopes)
        self.ROBOT_LIBRARY_LISTENER = [MaskingListener(), self]
        super().__init__(
            [
                IntakeKeywords(self.ctx),
                BatchKeywords(self.ctx),
                DocumentKeywords(self.ctx),
                ResultsKeywords(self.ctx),
                InboxKeywords(self.ctx),
            ]
        )

    def close(self) -> None:
        """Listener hook: the library goes out of scope; close the pool."""
        self.ctx.close()
