"""The recogniser's runners-up for each character RapidOCR reads.

RapidOCR's recogniser (CTC) gives, at each step along a line, a probability to every character
of its alphabet, and its decoder keeps only the likeliest. A rare character read as a common
look-alike (谭彧 read as 谭或 at 0.98) still leaves its true reading as the runner-up in that
place (彧 at 0.02). The rivals of a character are the likeliest other entries over the steps
it was read at (a character spans a few) and a blank step either side.

RapidOCR does not report them, so ``record_rivals`` wraps two of its internals (pinned 3.10):
the recogniser's CTC decoder, which sees the probabilities, and ``recognize_txt``, which returns
the lines in the order of their crops.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from robotlib.ocr.engine import Rivals

#: rivals kept per character, likeliest first
RIVALS_KEPT = 3
#: a rival less likely than this is noise
RIVAL_FLOOR = 1e-4
#: the CTC blank's place in the alphabet (RapidOCR's ``CTCLabelDecode``)
_BLANK = 0


#: one recognised crop: its text, its score and the rivals of each of its characters
Recognised = tuple[str, float, tuple[Rivals, ...]]


@dataclass
class RivalLog:
    """What the recogniser read since the last ``take``, crop by crop."""

    lines: list[Recognised] = field(default_factory=list)

    def take(self) -> list[Recognised]:
        """The lines noted so far; the log starts empty again."""
        taken, self.lines = self.lines, []
        return taken


def rivals_for(
    recognised: Sequence[Recognised], texts: Sequence[str], scores: Sequence[float]
) -> list[tuple[Rivals, ...]]:
    """The rivals of each output line of RapidOCR, given as ``texts`` and ``scores``.

    RapidOCR's output is the ``recognised`` crops in order, less those it dropped (empty, or
    below its score floor), so each output line is the next recognised one with its text and
    score. A line not found gets no rivals.
    """
    found: list[tuple[Rivals, ...]] = []
    at = 0
    for text, score in zip(texts, scores, strict=True):
        start = at
        while at < len(recognised) and recognised[at][:2] != (text, score):
            at += 1
        if at == len(recognised):
            found.append(())
            at = start
            continue
        found.append(recognised[at][2])
        at += 1
    return found


def step_rivals(probs: np.ndarray, alphabet: Sequence[str]) -> tuple[Rivals, ...]:
    """The rivals of each character decoded from one line's ``probs`` (steps x alphabet).

    Decoded as RapidOCR does: the likeliest entry per step, repeats merged, blanks dropped; a
    space is a character like any other here, as it is in the decoded text. A character's place
    is its run of steps and a blank step either side, never a neighbour's steps.
    """
    best = probs.argmax(axis=1)
    # Only entries that reach the floor somewhere on the line can be rivals: a few dozen of
    # the alphabet's 18,000, which keeps this under a millisecond per line.
    heard = np.flatnonzero(probs.max(axis=0) >= RIVAL_FLOOR)
    weights = probs[:, heard]
    steps = len(best)
    rivals = []
    start = 0
    while start < steps:
        end = start + 1
        while end < steps and best[end] == best[start]:
            end += 1
        if best[start] != _BLANK:
            low = start - 1 if start > 0 and best[start - 1] == _BLANK else start
            high = end + 1 if end < steps and best[end] == _BLANK else end
            place = weights[low:high].max(axis=0)
            others = (heard != _BLANK) & (heard != best[start]) & (place >= RIVAL_FLOOR)
            ranked = sorted(zip(place[others], heard[others], strict=True), reverse=True)
            rivals.append(tuple((alphabet[i], round(float(w), 5)) for w, i in ranked[:RIVALS_KEPT]))
        start = end
    return tuple(rivals)


def record_rivals(ocr: Any) -> RivalLog:
    """Make a ``rapidocr.RapidOCR`` note its rivals; the log holds those of its latest call."""
    log = RivalLog()
    recogniser = ocr._load_rec_model()
    decoder = recogniser.postprocess_op

    def decode(preds: np.ndarray, return_word_box: bool = False, **kwargs: Any) -> Any:
        lines, words = decoder(preds, return_word_box, **kwargs)
        for probs, word in zip(preds, words, strict=False):
            word.rivals = step_rivals(probs, decoder.character)
        return lines, words

    recognise = ocr.recognize_txt

    def recognize_txt(images: Any) -> Any:
        result = recognise(images)
        words = result.word_results if len(result.word_results) == len(result.txts) else ()
        log.lines = [
            (text, score, getattr(word, "rivals", ()))
            for text, score, word in zip(result.txts, result.scores, words, strict=False)
        ]
        return result

    recogniser.postprocess_op = decode
    ocr.recognize_txt = recognize_txt
    return log
