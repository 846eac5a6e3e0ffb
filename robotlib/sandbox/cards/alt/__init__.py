"""A second card renderer, written apart from ``robotlib.sandbox.cards.id_card``.

The reader was tuned on the first renderer's cards; real cards come from printers and
generators it never saw. This one draws its own layout (label and value columns, line pitch
and number placement of its own), with other faces (Noto Sans Mono CJK, WenQuanYi Zen Hei
Sharp, Noto Serif CJK Bold), addresses wrapped to three lines in a narrower column, names
with rare characters, and its own lighting (a lamp's gradient, a colour cast, a hand's
shadow). ``bench/ocr.py --renderer alt`` measures the reader on it.
"""

from robotlib.sandbox.cards.alt.back import render_back
from robotlib.sandbox.cards.alt.content import varied_fields
from robotlib.sandbox.cards.alt.front import render_front

__all__ = ["render_back", "render_front", "varied_fields"]
