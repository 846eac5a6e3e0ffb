"""How a registry's finding counts: judged when the registry was asked with what the document
said, a note on OCR_UNREADABLE when it was asked with what the form said."""

from __future__ import annotations

from robotlib.bot import BotOutcome
from robotlib.model import ReasonCode


def registry_finding(out: BotOutcome, code: str, why: str, *, key_read: bool, key: str) -> None:
    """``code`` with ``why`` when the registry was asked with the ``key`` the document gave
    (``key_read``); else a note on OCR_UNREADABLE, since the finding may be no more than a typo
    on the form: the registry only knows about the ``key`` the applicant typed."""
    if key_read:
        out.add(code, why)
    else:
        out.add(
            ReasonCode.OCR_UNREADABLE,
            f"{why}, asked with the form's {key} as the document's was unread",
        )
