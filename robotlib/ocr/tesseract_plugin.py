"""Built-in plugin: the ``tesseract`` OCR engine (Debian's Tesseract with chi_sim)."""

from __future__ import annotations

from collections.abc import Callable

from robotlib.ocr.engine import OcrEngineFactory
from robotlib.ocr.tesseract import ENGINE_NAME, tesseract_engine
from robotlib.plugins.host import hookimpl


@hookimpl
def register_ocr_engines(register: Callable[[str, OcrEngineFactory], None]) -> None:
    register(ENGINE_NAME, tesseract_engine)
