"""Tesseract (Debian's ``tesseract-ocr`` with ``tesseract-ocr-chi-sim``) as an ``OcrEngine``.

An alternative to RapidOCR for sites that standardise on Tesseract. Tesseract reads only
upright text, so its orientation detector (OSD) first turns the image by the quarter turn it
sees; the lines are reported in the coordinates of the turned image, which the parsers accept
as they accept any photo.
"""

from __future__ import annotations

import os
import shutil
from collections import defaultdict
from functools import cache
from typing import Any

import numpy as np

from robotlib.ocr.engine import OcrLine
from robotlib.ocr.rapid import OcrUnavailable

ENGINE_NAME = "tesseract"
LANGUAGE = "chi_sim"
#: LSTM recogniser; page segmentation "one column of text of varying sizes" (of 4, 6 and 11, the
#: one that found the most fields on synthetic cards)
_CONFIG = "--oem 1 --psm 4"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-chi-sim, pip install 'veribot[ocr]'"


class TesseractEngine:
    """Reads text lines with Tesseract's LSTM recogniser, simplified Chinese."""

    name = ENGINE_NAME

    def __init__(self, threads: int = 1) -> None:
        """Check that Tesseract and its chi_sim data are installed.

        :raises OcrUnavailable: naming what is missing and how to install it.
        """
        try:
            import pytesseract
        except ImportError as exc:
            raise OcrUnavailable(
                f"tesseract: pytesseract is not installed ({INSTALL_HINT})"
            ) from exc
        if shutil.which("tesseract") is None:
            raise OcrUnavailable(
                f"tesseract: the tesseract program is not installed ({INSTALL_HINT})"
            )
        languages = pytesseract.get_languages(config="")
        if LANGUAGE not in languages:
            raise OcrUnavailable(
                f"tesseract: language data {LANGUAGE} is not installed, only "
                f"{', '.join(languages) or 'none'} ({INSTALL_HINT})"
            )
        self._tesseract = pytesseract
        self.threads = threads
        # Tesseract's OpenMP threads, for the tesseract processes this one starts
        os.environ["OMP_THREAD_LIMIT"] = str(threads)

    def read(self, image: np.ndarray) -> list[OcrLine]:
        """The text lines of an RGB uint8 image, turned upright first if OSD sees it turned."""
        if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
            raise ValueError(
                f"expected an H x W x 3 uint8 RGB image, got {image.shape} {image.dtype}"
            )
        upright = np.ascontiguousarray(np.rot90(image, k=self._quarter_turns(image)))
        data = self._tesseract.image_to_data(
            upright, lang=LANGUAGE, config=_CONFIG, output_type=self._tesseract.Output.DICT
        )
        words: dict[tuple[int, int, int], list[int]] = defaultdict(list)
        for i, text in enumerate(data["text"]):
            if text.strip() and float(data["conf"][i]) >= 0:
                words[data["block_num"][i], data["par_num"][i], data["line_num"][i]].append(i)
        return [_line(data, indices) for indices in words.values()]

    def _quarter_turns(self, image: np.ndarray) -> int:
        """Counter-clockwise quarter turns that make the text upright (0 when OSD is unsure)."""
        try:
            osd = self._tesseract.image_to_osd(
                image, config="--psm 0", output_type=self._tesseract.Output.DICT
            )
        except self._tesseract.TesseractError:
            return 0
        # OSD's "rotate" is the clockwise turn that makes the page upright
        return (-int(osd.get("rotate", 0)) // 90) % 4


def _line(data: dict[str, list[Any]], indices: list[int]) -> OcrLine:
    left = min(data["left"][i] for i in indices)
    top = min(data["top"][i] for i in indices)
    right = max(data["left"][i] + data["width"][i] for i in indices)
    bottom = max(data["top"][i] + data["height"][i] for i in indices)
    text = "".join(data["text"][i].strip() for i in indices)
    score = min(float(data["conf"][i]) for i in indices) / 100.0
    box = ((left, top), (right, top), (right, bottom), (left, bottom))
    return OcrLine(text=text, score=score, box=tuple((float(x), float(y)) for x, y in box))


@cache
def tesseract_engine(threads: int = 1) -> TesseractEngine:
    """The process-wide engine (the ``OcrEngineFactory`` of ``tesseract``)."""
    return TesseractEngine(threads)
