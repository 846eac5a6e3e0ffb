"""Defensive image intake: every bad upload is refused with a message naming file and fault."""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, features

from robotlib.documents.image import MAX_PIXELS, OCR_LONG_SIDE, load_image
from robotlib.errors import DocumentInvalid


def photo(width: int = 400, height: int = 300) -> Image.Image:
    """Left half red, right half blue: orientation is visible in the pixels."""
    pixels = np.zeros((height, width, 3), dtype=np.uint8)
    pixels[:, : width // 2] = (220, 20, 20)
    pixels[:, width // 2 :] = (20, 20, 220)
    return Image.fromarray(pixels)


def refused(path: Path, says: str) -> None:
    with pytest.raises(DocumentInvalid) as caught:
        load_image(path)
    message = str(caught.value)
    assert str(path) in message, message
    assert says in message, message


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` but carries almost no data (a pixel bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_a_jpeg_loads_as_rgb(tmp_path):
    path = tmp_path / "card.jpg"
    photo().save(path, quality=90)
    image = load_image(path)
    assert image.shape == (300, 400, 3)
    assert image.dtype == np.uint8
    assert image[150, 50, 0] > 180
    assert image[150, 350, 2] > 180


def test_missing_and_empty_files(tmp_path):
    refused(tmp_path / "nowhere.jpg", "no such file")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    refused(empty, "empty")


def test_text_renamed_to_jpg(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("name,id_number\n张伟,440305199003071236\n", encoding="utf-8")
    refused(path, "not a JPEG, PNG or WebP image, nor a PDF")


def test_random_bytes(tmp_path):
    path = tmp_path / "noise.png"
    path.write_bytes(np.random.default_rng(1).integers(0, 256, 5000, dtype=np.uint8).tobytes())
    refused(path, "not a JPEG, PNG or WebP image, nor a PDF")


def test_other_image_formats_are_refused(tmp_path):
    path = tmp_path / "card.gif"
    photo().save(path)
    refused(path, "not a JPEG, PNG or WebP image, nor a PDF")


def test_truncated_jpeg(tmp_path):
    path = tmp_path / "cut.jpg"
    photo(800, 600).save(path, quality=95)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    refused(path, "truncated or corrupt")


def test_corrupt_png_data(tmp_path):
    path = tmp_path / "broken.png"
    photo().save(path)
    data = bytearray(path.read_bytes())
    start = data.index(b"IDAT") + 8
    data[start : start + 200] = bytes(200)
    path.write_bytes(bytes(data))
    refused(path, "truncated or corrupt")


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.jpg"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: no 21 MB actually written
    refused(path, "over the 20 MB limit")


@pytest.mark.parametrize(
    ("width", "height"),
    [(8000, 6000), (30000, 30000)],
    ids=["over-our-limit", "over-pillows-limit"],
)
def test_pixel_bomb_is_refused_from_its_header(tmp_path, width, height):
    assert width * height > MAX_PIXELS
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header(width, height))
    started = time.perf_counter()
    refused(path, "too large")
    assert time.perf_counter() - started < 1.0, "refused without decoding"


def test_exif_orientation_is_applied(tmp_path):
    path = tmp_path / "sideways.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    photo(400, 300).save(path, quality=90, exif=exif)
    image = load_image(path)
    assert image.shape == (400, 300, 3)
    # The red left half of the stored image is on top once upright.
    assert image[50, 150, 0] > 180
    assert image[350, 150, 2] > 180


@pytest.mark.skipif(not features.check("webp"), reason="Pillow built without WebP")
def test_webp(tmp_path):
    path = tmp_path / "card.webp"
    photo().save(path, quality=90)
    assert load_image(path).shape == (300, 400, 3)


def test_transparent_png_is_flattened_on_white(tmp_path):
    path = tmp_path / "cutout.png"
    Image.new("RGBA", (100, 80), (0, 0, 0, 0)).save(path)
    image = load_image(path)
    assert image.shape == (80, 100, 3)
    assert image.min() == 255


def test_greyscale_becomes_rgb(tmp_path):
    path = tmp_path / "grey.jpg"
    photo().convert("L").save(path)
    assert load_image(path).shape == (300, 400, 3)


def test_large_photos_are_shrunk_for_ocr(tmp_path):
    path = tmp_path / "phone.jpg"
    photo(4000, 3000).save(path, quality=80)
    image = load_image(path)
    assert max(image.shape[:2]) == OCR_LONG_SIDE
    assert image.shape[0] / image.shape[1] == pytest.approx(0.75, abs=0.01)
