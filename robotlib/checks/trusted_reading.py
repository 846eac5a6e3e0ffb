"""Reading a document into the fields read with confidence, with the document reasons.

A field counts when the recogniser is sure of it, or fairly sure and it says exactly what the
applicant typed; a document that is no usable image, or lacks a required field, says so."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from robotlib.bot import BotContext, BotOutcome
from robotlib.checks.name_match import same_name
from robotlib.documents.reading import CardReading, Side
from robotlib.documents.upload import read_upload
from robotlib.errors import DocumentInvalid
from robotlib.model import ReasonCode
from robotlib.sources.names import normalise

R = ReasonCode

#: below this OCR confidence a required field is treated as unread, never guessed
CONFIDENCE_THRESHOLD = 0.8
#: ...unless it says exactly what the applicant typed and was read at least this surely
FORM_AGREEMENT_FLOOR = 0.5


def read_trusted(
    path: Path,
    side: Side,
    read: Callable[[np.ndarray], CardReading],
    required: tuple[str, ...],
    ctx: BotContext,
    out: BotOutcome,
    typed: Mapping[str, str] | None = None,
    reread: Callable[[np.ndarray], CardReading] | None = None,
) -> dict[str, str]:
    """The fields of the document at ``path`` read with confidence (``read`` OCRs and parses
    the image); adds DOC_MISSING / DOC_INVALID for a file that is not a usable image and
    OCR_UNREADABLE when a ``required`` field is not among them.

    A field read below ``CONFIDENCE_THRESHOLD`` (a name with one unsure character, 珺 at 0.79)
    still counts when it is at least ``FORM_AGREEMENT_FLOOR`` sure and says exactly what the
    applicant ``typed`` into the form for it. The recogniser's best reading and the typed value
    are two independent sources agreeing: a misread would have to land on exactly the typed
    value. It adds no way round the checks: whoever controls the form controls the image too,
    and the value still goes to the registries, which catch a card that is not the applicant's.
    A value that differs from the form is never helped, so a real mismatch still shows.

    When a ``required`` field is still missing, ``reread`` (a closer read, if given) may fill
    the fields the first read did not give: each by the same rules, and only where the first
    read had no other value at ``FORM_AGREEMENT_FLOOR`` or more (two reads that disagree
    leave the field unread). Fields the first read gave are never replaced.
    """
    try:
        image = read_upload(path)
    except DocumentInvalid as exc:
        why = refusal_reason(exc, path)
        ctx.log.info("document refused: {side}: {why}", side=side, why=why)
        out.add(R.DOC_MISSING if not path.exists() else R.DOC_INVALID, f"{side}: {why}")
        return {}
    reading = read(image)
    trusted = _trusted(reading, typed, ctx, side)
    if reread is not None and any(name not in trusted for name in required):
        again = _trusted(reread(image), typed, ctx, side)
        filled = [
            name
            for name, value in again.items()
            if name not in trusted and not _contradicted(reading, name, value)
        ]
        if filled:
            ctx.log.info("read again closely on {side}: {fields}", side=side, fields=filled)
            trusted.update((name, again[name]) for name in filled)
    unread = [name for name in required if name not in trusted]
    if unread:
        ctx.log.info("unreadable fields on {side}: {unread}", side=side, unread=unread)
        out.add(R.OCR_UNREADABLE, f"{side}: {', '.join(unread)} not read with confidence")
    return trusted


def _trusted(
    reading: CardReading, typed: Mapping[str, str] | None, ctx: BotContext, side: Side
) -> dict[str, str]:
    """The fields of ``reading`` at or above the threshold, and those above the floor that say
    exactly what was ``typed`` (logged by name, never by value)."""
    trusted = {
        name: value
        for name, value in reading.fields.items()
        if reading.confidence.get(name, 0.0) >= CONFIDENCE_THRESHOLD
    }
    as_typed = [
        name
        for name, value in reading.fields.items()
        if name not in trusted
        and reading.confidence.get(name, 0.0) >= FORM_AGREEMENT_FLOOR
        and _same_text(value, (typed or {}).get(name))
    ]
    if as_typed:
        ctx.log.info("read unsure but as typed on {side}: {fields}", side=side, fields=as_typed)
        trusted.update((name, reading.fields[name]) for name in as_typed)
    if _cut_short(trusted.get("name"), (typed or {}).get("name")):
        ctx.log.info("name read cut short of what was typed on {side}", side=side)
        del trusted["name"]
    return trusted


def _cut_short(read: str | None, typed: str | None) -> bool:
    """``read`` is a strict part of ``typed`` (段天 of 段天凯): the detector's box stopped short
    of the line, however sure the characters it kept. Such a value is not the card's: judged
    against the registries it would reject a genuine applicant (GOV_MISMATCH), so the field is
    left unread and the application goes to review."""
    if read is None or typed is None:
        return False
    read, typed = normalise(read), normalise(typed)
    return read != typed and read in typed


def _contradicted(reading: CardReading, name: str, value: str) -> bool:
    """The first read gave ``name`` another value, at least as surely as the floor: two reads
    that disagree leave the field unread rather than picking one."""
    first = reading.fields.get(name)
    return (
        first is not None
        and first != value
        and reading.confidence.get(name, 0.0) >= FORM_AGREEMENT_FLOOR
    )


def refusal_reason(exc: DocumentInvalid, path: Path) -> str:
    """Why the document at ``path`` was refused, in words that never name the file: the
    upload's (often temporary) path is dropped wherever the message names it."""
    return str(exc).removeprefix(f"{path}: ").replace(str(path), "the file")


def _same_text(read: str, typed: str | None) -> bool:
    """Equal as names compare (width, spacing, separators), letter case aside (x in a number)."""
    return typed is not None and same_name(read.upper(), typed.upper())
