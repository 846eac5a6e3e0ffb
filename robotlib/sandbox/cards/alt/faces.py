"""The faces the second renderer draws with: none the first renderer draws values in."""

from __future__ import annotations

import random
from dataclasses import dataclass

from PIL import ImageFont

from robotlib.sandbox.cards.fonts import (
    CjkFont,
    FontMissing,
    has_glyphs,
    load_font,
    locate_font_file,
)

# (file, face index): Noto Sans Mono CJK SC regular and bold (faces 7 of the Sans
# collections), WenQuanYi Zen Hei Sharp (face 2), Noto Serif CJK SC Bold (face 2).
_VALUE_FACES: tuple[tuple[str, int, str, bool], ...] = (
    ("NotoSansCJK-Regular.ttc", 7, "sans", False),
    ("NotoSansCJK-Bold.ttc", 7, "sans", True),
    ("wqy-zenhei.ttc", 2, "sans", False),
    ("NotoSerifCJK-Bold.ttc", 2, "serif", True),
)
#: labels in a light serif, where the first renderer prints them in a bold sans
_LABEL_FACES: tuple[tuple[str, int, str, bool], ...] = (
    ("NotoSerifCJK-Regular.ttc", 2, "serif", False),
    ("wqy-zenhei.ttc", 1, "sans", False),
)


@dataclass(frozen=True)
class Faces:
    """One card's label and value faces."""

    label: CjkFont
    value: CjkFont

    def label_at(self, size: int) -> ImageFont.FreeTypeFont:
        """The label face at ``size`` pixels."""
        return load_font(self.label, size)

    def value_at(self, size: int) -> ImageFont.FreeTypeFont:
        """The value face at ``size`` pixels."""
        return load_font(self.value, size)


def pick_faces(rng: random.Random, *texts: str) -> Faces:
    """A label face and a value face that draws every character of ``texts``.

    :raises FontMissing: when none of this renderer's faces is installed.
    """
    values = _installed(_VALUE_FACES)
    labels = _installed(_LABEL_FACES) or values
    if not values:
        raise FontMissing(
            "the second card renderer needs fonts-noto-cjk or fonts-wqy-zenhei: "
            "install one with `apt-get install fonts-noto-cjk`"
        )
    value = rng.choice(values)
    if not all(has_glyphs(value, text) for text in texts):
        value = next((f for f in values if all(has_glyphs(f, t) for t in texts)), value)
    return Faces(label=rng.choice(labels), value=value)


def _installed(faces: tuple[tuple[str, int, str, bool], ...]) -> list[CjkFont]:
    found = []
    for file_name, index, style, bold in faces:
        path = locate_font_file(file_name)
        if path is not None:
            found.append(CjkFont(f"{file_name}#{index}", path, index, style, bold))
    return found
