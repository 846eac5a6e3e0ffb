"""Built-in plugin: the ``easyocr`` OCR engine (weights from a local folder only)."""

from __future__ import annotations

from collections.abc import Callable

from robotlib.ocr.easy import ENGINE_NAME, easy_engine
from robotlib.ocr.engine import OcrEngineFactory
from robotlib.plugins.host import hookimpl


@hookimpl
def register_ocr_engines(register: Callable[[str, OcrEngineFactory], None]) -> None:
    register(ENGINE_NAME, easy_engine)
