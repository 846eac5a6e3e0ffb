"""Which pass the reader asks an engine for: coarse for a card, fine for a licence's print."""

from __future__ import annotations

import numpy as np
import pytest

from robotlib.documents.reader import read_document
from robotlib.documents.reading import Side
from robotlib.ocr.engine import FinePrintEngine, OcrLine


class TwoPassEngine:
    """Answers every read with the same lines and remembers which pass was asked for."""

    name = "two-pass"

    def __init__(self, lines: list[OcrLine]) -> None:
        self.lines = lines
        self.passes: list[str] = []

    def read(self, image: np.ndarray) -> list[OcrLine]:
        self.passes.append("coarse")
        return self.lines

    def read_fine_print(self, image: np.ndarray) -> list[OcrLine]:
        self.passes.append("fine")
        return self.lines


def _line(text: str, y: float) -> OcrLine:
    return OcrLine(text, 0.99, ((10, y), (400, y), (400, y + 30), (10, y + 30)))


IMAGE = np.zeros((20, 20, 3), dtype=np.uint8)
LICENCE = [_line("营业执照", 10), _line("统一社会信用代码", 60), _line("名称", 110)]
FRONT = [_line("姓名张伟", 10), _line("公民身份号码440305199003071236", 300)]


def test_the_test_engine_is_a_fine_print_engine():
    assert isinstance(TwoPassEngine([]), FinePrintEngine)


@pytest.mark.parametrize(
    ("lines", "side", "told", "passes"),
    [
        (FRONT, Side.FRONT, Side.FRONT, ["coarse"]),
        (FRONT, None, Side.FRONT, ["coarse"]),
        (LICENCE, Side.LICENCE, Side.LICENCE, ["fine"]),
        (LICENCE, None, Side.LICENCE, ["coarse", "fine"]),
    ],
)
def test_a_licence_is_read_finely_and_a_card_once(lines, side, told, passes):
    engine = TwoPassEngine(lines)
    assert read_document(engine, IMAGE, side).side is told
    assert engine.passes == passes, (side, engine.passes)
