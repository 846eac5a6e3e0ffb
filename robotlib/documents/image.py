"""Document image intake: open an uploaded photo or PDF defensively and hand OCR an RGB array.

Uploads come from the public internet, so every check happens before the expensive or dangerous
step: the file size before reading, the pixel count (from the header) before decoding, and a
full decode before anything trusts the pixels.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from robotlib.documents.pdf import PDF_MAGIC, first_page
from robotlib.errors import DocumentInvalid

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
#: long side handed to OCR: a card filling most of the photo still has ~30 px high text, and
#: detection time grows with the pixel count
OCR_LONG_SIDE = 1280
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")


def load_image(path: Path, long_side: int = OCR_LONG_SIDE) -> np.ndarray:
    """The photo at ``path`` as an upright RGB ``uint8`` array no longer than ``long_side``.

    EXIF orientation is applied; transparency is flattened onto white. A PDF gives its first
    page, rendered at ``long_side``.

    :raises DocumentInvalid: naming the file and the fault: missing, empty, too large in bytes or
        pixels, not a JPEG/PNG/WebP image or PDF, truncated or corrupt.
    """
    path = Path(path)
    _check_file(path)
    with path.open("rb") as handle:
        is_pdf = handle.read(len(PDF_MAGIC)) == PDF_MAGIC
    if is_pdf:
        return np.asarray(first_page(path, long_side), dtype=np.uint8)
    # our cap (below Pillow's) is checked on the header first, so every oversized image gets
    # the same message: Pillow's own bomb check, worded otherwise, is never reached
    claimed = _claimed_size(path)
    if claimed is not None:
        _check_pixels(path, claimed)
    try:
        with Image.open(path, formats=ACCEPTED_FORMATS) as image:
            _check_pixels(path, image.size)
            if image.format == "JPEG":
                # Let libjpeg decode at a reduced scale: much faster for big phone photos.
                image.draft("RGB", (long_side, long_side))
            image.load()
            upright = _upright(image)
            rgb = _to_rgb(upright)
    except DocumentInvalid:
        raise
    except UnidentifiedImageError as exc:
        raise DocumentInvalid(f"{path}: not a JPEG, PNG or WebP image, nor a PDF") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DocumentInvalid(f"{path}: image is truncated or corrupt ({exc})") from exc
    return np.asarray(_shrink(rgb, long_side), dtype=np.uint8)


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise DocumentInvalid(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise DocumentInvalid(f"{path}: file is empty")
    if size > MAX_FILE_BYTES:
        raise DocumentInvalid(
            f"{path}: file is {size / 1024 / 1024:.1f} MB, over the "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB limit"
        )


def _claimed_size(path: Path) -> tuple[int, int] | None:
    """The width and height the header of a JPEG, PNG or WebP file claims, read the way
    ``Image.open`` reads it but without Pillow's bomb check; None when no format accepts it."""
    Image.init()
    with path.open("rb") as handle:
        prefix = handle.read(16)
        for name in ACCEPTED_FORMATS:
            factory, accept = Image.OPEN[name]
            accepted = accept is None or accept(prefix)
            if not accepted or isinstance(accepted, str):  # a str: Pillow's "not quite"
                continue
            handle.seek(0)
            try:
                return factory(handle, str(path)).size
            except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error):
                return None
    return None


def _check_pixels(path: Path, size: tuple[int, int]) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise DocumentInvalid(
            f"{path}: image is too large: {width} x {height} pixels, over the "
            f"{MAX_PIXELS // 1_000_000} megapixel limit"
        )
    if width < 1 or height < 1:
        raise DocumentInvalid(f"{path}: image has no pixels")


def _upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation tag; a broken EXIF block is ignored, not fatal."""
    try:
        return ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, KeyError, TypeError):
        return image


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")


def _shrink(image: Image.Image, long_side: int) -> Image.Image:
    width, height = image.size
    scale = long_side / max(width, height)
    if scale >= 1:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
