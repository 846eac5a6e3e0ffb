"""loguru set-up: a human sink on stderr, an optional JSON sink, and a masking patcher.

Log calls must not pass names; numbers and phones that slip into a message are masked by the
patcher before any sink sees them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from loguru import logger

from robotlib.masking import mask_text

if TYPE_CHECKING:
    from loguru import Record


def _mask(record: Record) -> None:
    record["message"] = mask_text(record["message"])
    for key, value in record["extra"].items():
        if isinstance(value, str):
            record["extra"][key] = mask_text(value)


#: context shown after a human-readable message; the JSON sink keeps every bound value
CONTEXT_KEYS = ("task", "bot", "attempt", "worker")


def _human_format(record: Record) -> str:
    context = " ".join(
        f"{key}={record['extra'][key]}" for key in CONTEXT_KEYS if key in record["extra"]
    )
    suffix = (
        " <dim>[{}]</dim>".format(context.replace("{", "{{").replace("}", "}}")) if context else ""
    )
    return "<level>{level: <7}</level> {message}" + suffix + "\n{exception}"


def setup_logging(*, verbose: bool = False, json_path: Path | None = None) -> None:
    """Replace loguru's default sink; call once per process."""
    logger.remove()
    logger.configure(patcher=_mask)
    logger.add(
        sys.stderr,
        level="DEBUG" if verbose else "WARNING",
        format=_human_format,
    )
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        logger.add(json_path, level="INFO", serialize=True, enqueue=True)
