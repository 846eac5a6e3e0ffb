"""Uploads beyond the decoder: PDFs, unreadable photos (blur, dark, glare), fuzzed files."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFilter

from robotlib.documents.image import OCR_LONG_SIDE, load_image
from robotlib.documents.quality import MIN_SHARPNESS, check_quality, sharpness
from robotlib.documents.upload import read_upload
from robotlib.errors import DocumentInvalid


def printed(width: int = 640, height: int = 400) -> Image.Image:
    """A pale page with rows of dark bars: edges like printed text."""
    page = Image.new("RGB", (width, height), (236, 232, 220))
    draw = ImageDraw.Draw(page)
    rng = random.Random(4)
    for y in range(30, height - 30, 40):
        x = 30
        while x < width - 60:
            w = rng.randint(12, 28)
            draw.rectangle((x, y, x + w, y + 22), fill=(30, 30, 40))
            x += w + rng.randint(6, 14)
    return page


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def test_a_sharp_printed_page_passes(tmp_path):
    path = tmp_path / "page.png"
    printed().save(path)
    assert read_upload(path).shape == (400, 640, 3)


def test_the_first_page_of_a_pdf_is_read(tmp_path):
    path = tmp_path / "scan.pdf"
    first = printed()
    second = Image.new("RGB", (640, 400), (255, 0, 0))
    first.save(path, format="PDF", save_all=True, append_images=[second], resolution=72)
    image = load_image(path)
    assert max(image.shape[:2]) == OCR_LONG_SIDE
    assert image.shape[0] / image.shape[1] == pytest.approx(400 / 640, abs=0.01)
    # page 1 (pale with dark bars), not the red page 2
    assert image[5, 5].tolist() == pytest.approx([236, 232, 220], abs=3)
    read_upload(path)


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_a_truncated_pdf_is_refused(tmp_path, cut):
    path = tmp_path / "cut.pdf"
    data = encoded(printed(), "PDF")
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(DocumentInvalid) as caught:
        load_image(path)
    assert str(path) in str(caught.value)


def test_a_pdf_with_a_giant_page_is_refused(tmp_path):
    path = tmp_path / "poster.pdf"
    printed(100, 60).save(path, format="PDF", resolution=0.1)  # 1000 x 600 inches
    with pytest.raises(DocumentInvalid, match="not a document page"):
        load_image(path)


def test_hopeless_blur_is_refused_with_the_measure(tmp_path):
    path = tmp_path / "blurred.jpg"
    printed().filter(ImageFilter.GaussianBlur(8)).save(path)
    with pytest.raises(DocumentInvalid, match="too blurred") as caught:
        read_upload(path)
    assert str(path) in str(caught.value)


def test_sharpness_does_not_depend_on_the_light():
    page = np.asarray(printed(), dtype=np.float32).mean(axis=2)
    dim = page * 0.3
    assert sharpness(dim) == pytest.approx(sharpness(page), rel=0.05)
    assert sharpness(page) > 3 * MIN_SHARPNESS


def test_a_black_photo_is_too_dark():
    with pytest.raises(DocumentInvalid, match="too dark"):
        check_quality("lens-cap.jpg", np.full((300, 400, 3), 4, dtype=np.uint8))


def test_glare_over_the_centre_is_refused():
    image = np.asarray(printed()).copy()
    image[100:300, 160:480] = 255
    with pytest.raises(DocumentInvalid, match="glare washes out"):
        check_quality("shiny.jpg", image)


def test_glare_at_the_edge_is_tolerated():
    image = np.asarray(printed()).copy()
    image[:60, :] = 255
    check_quality("edge.jpg", image)


_VALID = {
    "JPEG": encoded(printed(), "JPEG"),
    "PNG": encoded(printed(), "PNG"),
    "WEBP": encoded(printed(), "WEBP"),
    "PDF": encoded(printed(), "PDF"),
}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    fmt=st.sampled_from(sorted(_VALID)),
    cut=st.floats(0.0, 0.999),
    flips=st.lists(st.tuples(st.floats(0, 0.999), st.integers(0, 255)), max_size=4),
)
def test_fuzzed_uploads_load_or_are_refused_never_crash(tmp_path, fmt, cut, flips):
    """Truncated and bit-flipped files of every accepted type: an image or DocumentInvalid."""
    data = bytearray(_VALID[fmt][: max(0, int(len(_VALID[fmt]) * cut))])
    for where, value in flips:
        if data:
            data[int(where * len(data))] = value
    path = tmp_path / f"fuzz.{fmt.lower()}"
    path.write_bytes(bytes(data))
    try:
        image = read_upload(path)
    except DocumentInvalid as exc:
        # refusing is as right as loading (pytest.raises cannot say "maybe"); a refusal names
        # the file
        assert str(path) in str(exc)  # noqa: PT017
    else:
        assert image.ndim == 3
        assert image.shape[2] == 3
        assert image.dtype == np.uint8
