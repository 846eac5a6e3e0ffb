"""EasyOCR as an ``OcrEngine``, from weights already on disk (never downloaded).

EasyOCR fetches its weights from the internet on first use; a bank's air-gapped hosts (and this
project's machines) cannot. So the engine loads them only from a folder given by
``VERIBOT_EASYOCR_MODELS``, else by ``[ocr] easyocr_models`` in the configuration named by
``VERIBOT_CONFIG`` (relative to that file), else ``~/.EasyOCR/model`` (EasyOCR's own), with
downloading disabled, and fails at start-up naming the missing files and the folder. EasyOCR
itself (with PyTorch) is not among veribot's extras: ``pip install easyocr`` on the hosts that
use it.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import numpy as np

from robotlib.config import Config, load_config
from robotlib.ocr.engine import OcrLine
from robotlib.ocr.rapid import OcrUnavailable

ENGINE_NAME = "easyocr"
MODELS_ENV = "VERIBOT_EASYOCR_MODELS"
DEFAULT_MODELS = Path("~/.EasyOCR/model")
#: the CRAFT text detector and the simplified-Chinese recogniser EasyOCR reads ``ch_sim`` with
WEIGHTS = ("craft_mlt_25k.pth", "zh_sim_g2.pth")
LANGUAGES = ["ch_sim", "en"]


def models_folder(config: Config | None = None) -> Path:
    """Where the weights are looked for: ``$VERIBOT_EASYOCR_MODELS``, else ``[ocr]
    easyocr_models`` of ``config`` (default: the one ``load_config`` finds), else EasyOCR's
    default folder.

    :raises ConfigError: when the configuration file it falls back to is invalid.
    """
    if os.environ.get(MODELS_ENV):
        return Path(os.environ[MODELS_ENV]).expanduser()
    config = config or load_config()
    if config.ocr.easyocr_models is not None:
        return config.resolve(config.ocr.easyocr_models.expanduser())
    return DEFAULT_MODELS.expanduser()


def check_weights(folder: Path) -> None:
    """:raises OcrUnavailable: naming every missing weights file and the folder."""
    missing = [name for name in WEIGHTS if not (folder / name).is_file()]
    if missing:
        raise OcrUnavailable(
            f"easyocr: weights {', '.join(missing)} not found in {folder}; copy them there "
            f"(EasyOCR's model files; they cannot be downloaded at run time), or name the folder "
            f"that holds them in {MODELS_ENV} or in veribot.toml ([ocr] easyocr_models)"
        )


class EasyOcrEngine:
    """Reads text lines with EasyOCR (CRAFT detector, CRNN recogniser) on the CPU."""

    name = ENGINE_NAME

    def __init__(self, threads: int = 1) -> None:
        """Load the weights from ``models_folder()``.

        :raises OcrUnavailable: weights missing (naming files and folder), or easyocr not installed.
        """
        folder = models_folder()
        check_weights(folder)
        try:
            import easyocr
            import torch
        except ImportError as exc:
            raise OcrUnavailable(
                f"easyocr: the easyocr package (with PyTorch) is not installed ({exc}); "
                "pip install easyocr on the hosts that use this engine"
            ) from exc
        torch.set_num_threads(threads)
        self.threads = threads
        self._reader = easyocr.Reader(
            LANGUAGES,
            gpu=False,
            model_storage_directory=str(folder),
            download_enabled=False,
            verbose=False,
        )

    def read(self, image: np.ndarray) -> list[OcrLine]:
        """The text lines of an RGB uint8 image."""
        if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
            raise ValueError(
                f"expected an H x W x 3 uint8 RGB image, got {image.shape} {image.dtype}"
            )
        return [
            OcrLine(
                text=str(text),
                score=float(score),
                box=tuple((float(x), float(y)) for x, y in box),
            )
            for box, text, score in self._reader.readtext(image)
        ]


@cache
def easy_engine(threads: int = 1) -> EasyOcrEngine:
    """The process-wide engine (the ``OcrEngineFactory`` of ``easyocr``)."""
    return EasyOcrEngine(threads)
