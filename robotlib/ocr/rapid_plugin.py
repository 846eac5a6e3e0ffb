"""Built-in plugin: the ``rapidocr`` OCR engine."""

from __future__ import annotations

from collections.abc import Callable

from robotlib.ocr.engine import OcrEngineFactory
from robotlib.ocr.rapid import ENGINE_NAME, rapid_engine
from robotlib.plugins.host import hookimpl


@hookimpl
def register_ocr_engines(register: Callable[[str, OcrEngineFactory], None]) -> None:
    register(ENGINE_NAME, rapid_engine)
