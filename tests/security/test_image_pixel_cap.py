"""A photo over the pixel cap is refused from its header with one message, whatever its size:
Pillow's own decompression-bomb warning and error (at 89 and 179 megapixels) never speak."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from robotlib.documents.image import MAX_PIXELS, load_image
from robotlib.documents.upload import read_upload
from robotlib.errors import DocumentInvalid


def jpeg_claiming(path: Path, width: int, height: int) -> Path:
    """A tiny real JPEG whose frame header claims ``width`` x ``height`` (a pixel bomb)."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    frame = data.index(b"\xff\xc0")  # SOF0: length (2), precision (1), height (2), width (2)
    data[frame + 5 : frame + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("width", "height"),
    [(8000, 6000), (10000, 10000), (20000, 20000)],
    ids=["over-our-cap", "in-pillows-warning-range", "in-pillows-error-range"],
)
@pytest.mark.parametrize("reader", [load_image, read_upload], ids=["load_image", "read_upload"])
def test_every_image_over_the_pixel_cap_gets_the_same_one_line(
    tmp_path: Path, width: int, height: int, reader: Callable[[Path], np.ndarray]
) -> None:
    assert width * height > MAX_PIXELS
    path = jpeg_claiming(tmp_path / "card.jpg", width, height)

    with pytest.raises(DocumentInvalid) as caught:
        reader(path)

    assert str(caught.value) == (
        f"{path}: image is too large: {width} x {height} pixels, over the 40 megapixel limit"
    )


def test_an_image_under_the_cap_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "card.jpg"
    Image.new("RGB", (640, 400), "white").save(path, "JPEG")

    assert load_image(path).shape == (400, 640, 3)
