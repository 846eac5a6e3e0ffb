"""Whether a decoded photo is worth reading: not hopelessly blurred, dark, or washed out by glare.

A photo that fails here gives DOC_INVALID with the reason, so that the customer is asked for a
new one instead of the reader guessing. The limits refuse only what no engine reads: the hardest
photos of ``bench/ocr.py`` (strong blur, low light) score 0.36 and more on sharpness, a phone
photo blurred further by a 3-pixel Gaussian about 0.1.
"""

from __future__ import annotations

import numpy as np

from robotlib.errors import DocumentInvalid

#: sharpness below this is a photo no OCR reads (see the module docstring)
MIN_SHARPNESS = 0.2
#: share of the photo's centre that may be blown out to white by glare (an overexposed licence
#: leaves its blank paper white: 65% measured on one; ID card photos stay under 5%)
MAX_GLARE = 0.8
#: mean brightness (0..255) below which a photo is too dark to hold readable text
MIN_BRIGHTNESS = 12.0
#: the photo is measured at about this long side, whatever its size
_MEASURE_SIDE = 640
#: glare is judged on tiles of this many (measured) pixels
_TILE = 16


def check_quality(name: str, image: np.ndarray) -> None:
    """Refuse an RGB uint8 image that is too blurred, too dark or washed out.

    :param name: how to name the document in the error (its path).
    :raises DocumentInvalid: naming the document, the fault and the measured value.
    """
    grey = image.astype(np.float32).mean(axis=2)
    step = max(1, round(max(grey.shape) / _MEASURE_SIDE))
    grey = grey[::step, ::step]
    if min(grey.shape) < 3:
        raise DocumentInvalid(
            f"{name}: image is too small to read ({image.shape[1]} x {image.shape[0]})"
        )
    brightness = float(grey.mean())
    if brightness < MIN_BRIGHTNESS:
        raise DocumentInvalid(
            f"{name}: image is too dark to read (mean brightness {brightness:.0f} of 255, "
            f"needs {MIN_BRIGHTNESS:.0f})"
        )
    glare = glare_share(grey)
    if glare > MAX_GLARE:
        raise DocumentInvalid(
            f"{name}: glare washes out {glare:.0%} of the document (at most {MAX_GLARE:.0%})"
        )
    value = sharpness(grey)
    if value < MIN_SHARPNESS:
        raise DocumentInvalid(
            f"{name}: image is too blurred to read (sharpness {value:.2f}, needs {MIN_SHARPNESS})"
        )


def sharpness(grey: np.ndarray) -> float:
    """The strongest edges (99.5th percentile of the Laplacian) over the contrast range.

    Dividing by the contrast makes a sharp photo in low light as sharp as in daylight.
    """
    lap = 4 * grey[1:-1, 1:-1] - grey[:-2, 1:-1] - grey[2:, 1:-1] - grey[1:-1, :-2] - grey[1:-1, 2:]
    edges = float(np.percentile(np.abs(lap), 99.5))
    contrast = float(np.percentile(grey, 95) - np.percentile(grey, 5))
    return edges / (contrast + 1.0)


def glare_share(grey: np.ndarray) -> float:
    """Share of the centre (middle half each way) in tiles washed out completely by glare.

    A tile is washed out when not one pixel is below 250: no ink, and not even the faint
    guilloche lines a card's background is printed with.
    """
    h, w = grey.shape
    centre = grey[h // 4 : h - h // 4, w // 4 : w - w // 4]
    rows, cols = centre.shape[0] // _TILE, centre.shape[1] // _TILE
    if rows == 0 or cols == 0:
        return 0.0
    tiles = centre[: rows * _TILE, : cols * _TILE].reshape(rows, _TILE, cols, _TILE)
    return float((tiles.min(axis=(1, 3)) >= 250).mean())
