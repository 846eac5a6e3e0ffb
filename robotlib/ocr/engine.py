"""The OCR engine interface."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

#: other readings the recogniser weighed for one character: (character, probability), likeliest
#: first
Rivals = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class OcrLine:
    """One line of text found in an image.

    ``box`` holds the four corners (x, y) clockwise from top-left, in image pixels.
    ``char_scores`` holds the recogniser's score of each character of ``text`` that is not
    whitespace, in order, when the engine reports them (empty otherwise): ``score`` is their
    mean, so one misread character among sure ones hides in it. ``char_rivals`` holds, for the
    same characters, the other characters the recogniser gave weight to in that place (its
    runners-up, 谭或's 或 with 彧 at 0.02), when the engine reports them (empty otherwise).
    """

    text: str
    score: float
    box: tuple[tuple[float, float], ...]
    char_scores: tuple[float, ...] = ()
    char_rivals: tuple[Rivals, ...] = ()

    @property
    def center(self) -> tuple[float, float]:
        """The middle of the line's box."""
        xs = [p[0] for p in self.box]
        ys = [p[1] for p in self.box]
        return (sum(xs) / len(xs), sum(ys) / len(ys))

    @property
    def height(self) -> float:
        """The height of the line's box."""
        ys = [p[1] for p in self.box]
        return max(ys) - min(ys)


class OcrEngine(Protocol):
    """Reads the text lines of an RGB image (H x W x 3, uint8)."""

    name: str

    def read(self, image: np.ndarray) -> list[OcrLine]:
        """The text lines of ``image``, in no particular order."""


@runtime_checkable
class FinePrintEngine(OcrEngine, Protocol):
    """An engine that can also read small print (a whole page, not a card) more thoroughly.

    It reads a card fastest on a coarse pass; a business licence's smaller print needs a finer
    one, which the reader asks for once it knows the document is a licence.
    """

    def read_fine_print(self, image: np.ndarray) -> list[OcrLine]:
        """The text lines of ``image`` read with the finer, slower pass."""


@runtime_checkable
class CloseReadingEngine(OcrEngine, Protocol):
    """An engine that can read an image again with its detector at the image's own size.

    A card far from the camera, dark and blurred (the ``hard`` photos) loses short lines (性别
    男) or its name to a coarse pass; the bot asks for this closer, slower read only when a
    required field is missing.
    """

    def read_closely(self, image: np.ndarray) -> list[OcrLine]:
        """The text lines of ``image`` read with the detector at the image's own size."""


@runtime_checkable
class RecognisingEngine(OcrEngine, Protocol):
    """An engine that can read one line already cut out of an image, its detector skipped.

    A hard photo's detector sometimes finds no box at all for a short line (性别 男) that the
    recogniser reads well once the line is cut out where the card's layout puts it
    (``documents.row_crops``).
    """

    def recognise(self, crop: np.ndarray) -> OcrLine:
        """The text of ``crop`` (RGB uint8, one line, upright) as one line boxing the crop."""
        ...


OcrEngineFactory = Callable[[int], OcrEngine]
