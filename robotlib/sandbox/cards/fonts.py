"""Finding the CJK fonts that the card renderer draws with.

The sandbox draws with whatever the Debian packages ``fonts-noto-cjk`` and ``fonts-wqy-zenhei``
installed; nothing is downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from robotlib.errors import VeribotError

FONT_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
)


@dataclass(frozen=True)
class CjkFont:
    """One face inside a font file; ``index`` selects the face in a ``.ttc`` collection."""

    name: str
    path: Path
    index: int
    #: "sans" or "serif", so the renderer can vary the look
    style: str
    bold: bool = False
    #: drawn only when nothing better is installed: WenQuanYi's small sizes of rare name
    #: characters are misread (赟 as 赞), which would test the font rather than the reader
    fallback: bool = False


# (file name, collection index, style, bold, fallback). The Noto collections hold JP, KR, SC,
# TC, HK in that order; index 2 is Simplified Chinese, whose glyph shapes the mainland card uses.
_CANDIDATES: tuple[tuple[str, int, str, bool, bool], ...] = (
    ("NotoSansCJK-Regular.ttc", 2, "sans", False, False),
    ("NotoSansCJK-Bold.ttc", 2, "sans", True, False),
    ("NotoSerifCJK-Regular.ttc", 2, "serif", False, False),
    ("NotoSerifCJK-Bold.ttc", 2, "serif", True, False),
    ("wqy-zenhei.ttc", 0, "sans", False, True),
)


class FontMissing(VeribotError):
    """No CJK font is installed: install the Debian package fonts-noto-cjk (or fonts-wqy-zenhei)."""


@cache
def find_cjk_fonts() -> tuple[CjkFont, ...]:
    """Every installed CJK face the renderer knows, Noto first.

    :raises FontMissing: naming the apt packages to install when none is found.
    """
    found: list[CjkFont] = []
    for file_name, index, style, bold, fallback in _CANDIDATES:
        path = locate_font_file(file_name)
        if path is not None:
            name = f"{Path(file_name).stem}#{index}"
            found.append(CjkFont(name, path, index, style, bold, fallback))
    if not found:
        searched = ", ".join(str(d) for d in FONT_DIRS)
        raise FontMissing(
            f"no CJK font found under {searched}; install one with "
            "`apt-get install fonts-noto-cjk` (or `apt-get install fonts-wqy-zenhei`)"
        )
    return tuple(found)


def locate_font_file(file_name: str) -> Path | None:
    """The first installed font file called ``file_name`` under ``FONT_DIRS``, if any."""
    for directory in FONT_DIRS:
        matches = sorted(directory.rglob(file_name)) if directory.is_dir() else []
        if matches:
            return matches[0]
    return None


@cache
def load_font(font: CjkFont, size: int) -> ImageFont.FreeTypeFont:
    """The face at ``size`` pixels, loaded once per process."""
    return ImageFont.truetype(str(font.path), size, index=font.index)


@cache
def has_glyphs(font: CjkFont, text: str) -> bool:
    """Whether ``font`` draws every character of ``text`` (rather than the missing-glyph box)."""
    missing = _glyph_pixels(font, "\U0010fffd")
    return all(ch.isspace() or _glyph_pixels(font, ch) != missing for ch in set(text))


@cache
def _glyph_pixels(font: CjkFont, ch: str) -> bytes:
    image = Image.new("L", (40, 48), 0)
    ImageDraw.Draw(image).text((2, 2), ch, font=load_font(font, 32), fill=255)
    return image.tobytes()
