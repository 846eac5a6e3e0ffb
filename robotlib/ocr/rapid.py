"""RapidOCR (PP-OCR models on onnxruntime) behind the ``OcrEngine`` interface.

Only the models bundled in the ``rapidocr`` wheel are used; nothing is downloaded. Loading them
takes about a second, so engines are cached per process and per thread count: each bot worker
process loads them once.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np

from robotlib.errors import VeribotError
from robotlib.ocr.engine import OcrLine, Rivals
from robotlib.ocr.rapid_rivals import record_rivals, rivals_for

ENGINE_NAME = "rapidocr"
#: long side (px) of the image the text detector sees for a card (see ``DEFAULT_PARAMS``)
CARD_DETECTION_SIDE = 640
#: the same for a page of small print (a business licence): at 640 px its smallest print
#: (the address, the date) is lost in about one phone photo in ten; at 960 px it is not
PAGE_DETECTION_SIDE = 960
#: the same for a card read closely, at intake's long side (``documents.image.OCR_LONG_SIDE``):
#: on 40 hard photos (seed 23) whose coarse read missed a required field, this found it on 5
#: of 11 fronts against 3 at 960 px, none wrong
CLOSE_DETECTION_SIDE = 1280

DEFAULT_PARAMS: dict[str, Any] = {
    "Global.log_level": "error",
    # One image at a time per process: more inter-op threads only oversubscribe the cores.
    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    # At the defaults (0.3 / 0.5) the detector drops a short last address line such as a lone
    # "号" (2 of 40 cards); with these every field of 200 synthetic card photos reads right
    # (measured with the former card-accuracy script, seeds 7 11 23 31 47; now bench/ocr.py).
    "Det.thresh": 0.2,
    "Det.box_thresh": 0.4,
    # Detection at most 640 px on the long side (RapidOCR's default scales the short side up to
    # 736 px at least: 1280 x 960 for a phone photo). A card filling two thirds of the photo
    # keeps its text over 12 px high there, enough for the detector; the recogniser still crops
    # the lines from the full image. Detection was half of the time at 960 px; at 640 px a read
    # takes about two thirds of the CPU time with the same accuracy (docs/benchmarks.md).
    "Det.limit_type": "max",
    "Det.limit_side_len": CARD_DETECTION_SIDE,
    # Per-character scores (the line's score is their mean); costs under 1% of a read.
    "Global.return_word_box": True,
    "Global.return_single_char_box": True,
}


class OcrUnavailable(VeribotError):
    """The OCR engine is not installed: pip install 'veribot[ocr]'."""


class RapidOcrEngine:
    """Reads text lines with RapidOCR: detection, 180-degree line classification, recognition."""

    name = ENGINE_NAME

    def __init__(self, threads: int = 1, overrides: Mapping[str, Any] | None = None) -> None:
        """Load the bundled models; ``threads`` is onnxruntime's intra-op thread count.

        :param overrides: RapidOCR settings by dotted name, over ``DEFAULT_PARAMS``.
        """
        try:
            from rapidocr import RapidOCR
        except ImportError as exc:
            raise OcrUnavailable() from exc
        self.threads = threads
        params: dict[str, Any] = {
            **DEFAULT_PARAMS,
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            **(overrides or {}),
        }
        self._ocr = RapidOCR(params=params)
        self._rivals = record_rivals(self._ocr)
        # RapidOCR loads its models lazily and keeps per-call settings on the instance; one
        # call at a time keeps a shared engine safe for threaded callers.
        self._lock = threading.Lock()

    def read(self, image: np.ndarray) -> list[OcrLine]:
        """The text lines of an RGB uint8 image, in RapidOCR's reading order."""
        return self._read(image, None)

    def read_fine_print(self, image: np.ndarray) -> list[OcrLine]:
        """``read`` with the detector at ``PAGE_DETECTION_SIDE``: for a page of small print."""
        return self._read(image, PAGE_DETECTION_SIDE)

    def read_closely(self, image: np.ndarray) -> list[OcrLine]:
        """``read`` with the detector at ``CLOSE_DETECTION_SIDE``: for a small, dark card."""
        return self._read(image, CLOSE_DETECTION_SIDE)

    def recognise(self, crop: np.ndarray) -> OcrLine:
        """The recogniser alone on ``crop``, one upright line (no detector, no turning)."""
        bgr = _bgr(crop)
        with self._lock:
            self._rivals.take()
            output = self._ocr.recognize_txt([bgr])
            recognised = self._rivals.take()
        text = str(output.txts[0]) if output.txts else ""
        score = float(output.scores[0]) if output.txts else 0.0
        height, width = crop.shape[:2]
        line_rivals = recognised[0][2] if recognised and recognised[0][0] == text else ()
        return OcrLine(
            text=text,
            score=score,
            box=(
                (0.0, 0.0),
                (float(width), 0.0),
                (float(width), float(height)),
                (0.0, float(height)),
            ),
            char_rivals=character_rivals(text, line_rivals),
        )

    def _read(self, image: np.ndarray, detection_side: int | None) -> list[OcrLine]:
        bgr = _bgr(image)
        with self._lock:
            detector = self._ocr._load_det_model()
            usual = detector.limit_side_len
            # The detector rebuilds its resizing step from this attribute on every call.
            detector.limit_side_len = detection_side or usual
            try:
                self._rivals.take()  # nothing left over from a read that failed
                output = self._ocr(bgr)
                recognised = self._rivals.take()
            finally:
                detector.limit_side_len = usual
        boxes = getattr(output, "boxes", None)
        texts = getattr(output, "txts", None)
        scores = getattr(output, "scores", None)
        if boxes is None or texts is None or scores is None:
            return []
        words = getattr(output, "word_results", None) or ()
        # RapidOCR drops a line's word list when it finds no character boxes in it, which would
        # misalign the lists: per-character scores are used only when every line has them.
        if len(words) != len(texts):
            words = ((),) * len(texts)
        rivals = rivals_for(recognised, texts, scores)
        return [
            OcrLine(
                text=str(text),
                score=float(score),
                box=tuple((float(x), float(y)) for x, y in np.asarray(box).reshape(-1, 2)),
                char_scores=character_scores(str(text), float(score), chars),
                char_rivals=character_rivals(str(text), line_rivals),
            )
            for box, text, score, chars, line_rivals in zip(
                boxes, texts, scores, words, rivals, strict=True
            )
        ]


def _bgr(image: np.ndarray) -> np.ndarray:
    """An RGB uint8 image in OpenCV's BGR order, which RapidOCR takes a NumPy array in."""
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"expected an H x W x 3 uint8 RGB image, got {image.shape} {image.dtype}")
    return np.ascontiguousarray(image[:, :, ::-1])


def character_scores(text: str, score: float, chars: Any) -> tuple[float, ...]:
    """The recogniser's score of each character of ``text`` that is not whitespace.

    ``chars`` are RapidOCR's single-character results (character, score, box) for the line,
    whose scores ``score`` is the mean of. RapidOCR 3.10 (pinned) pairs the characters, spaces
    left out, with the scores of the line's characters, spaces included: after a space each
    character carries the score of the one before it, and the last ones' are cut off. The
    scores are put back in place here; of the cut-off ones only their sum is known (from the
    mean), so each is given the least value that sum allows. Empty when ``chars`` does not
    spell ``text``.
    """
    spelled = "".join(str(char[0]) for char in chars)
    if not chars or spelled != "".join(text.split()):
        return ()
    given = [float(char[1]) for char in chars]
    cut = len(text) - len(given)
    if cut == 0:
        return tuple(given)
    cut_sum = score * len(text) - sum(given)
    least = min(1.0, max(0.0, cut_sum - (cut - 1)))
    in_place = given + [least] * cut
    return tuple(s for ch, s in zip(text, in_place, strict=True) if not ch.isspace())


def character_rivals(text: str, rivals: tuple[Rivals, ...]) -> tuple[Rivals, ...]:
    """The rivals of each character of ``text`` that is not whitespace (as ``char_scores``).

    ``rivals`` are per character of ``text``, spaces included; empty when they do not pair.
    """
    if len(rivals) != len(text):
        return ()
    return tuple(found for char, found in zip(text, rivals, strict=True) if not char.isspace())


@cache
def rapid_engine(threads: int = 1) -> RapidOcrEngine:
    """The process-wide engine for ``threads`` (the ``OcrEngineFactory`` of ``rapidocr``)."""
    return RapidOcrEngine(threads)
