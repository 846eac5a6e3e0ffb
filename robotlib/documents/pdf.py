"""The first page of an uploaded PDF as an image (scanners and banking apps send PDFs).

pypdfium2 (PDFium, the PDF engine of Chromium) renders the page at a scale chosen from the
page's size in points, so the pixel count is bounded before anything is drawn.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from robotlib.errors import DocumentInvalid

PDF_MAGIC = b"%PDF-"
#: a page larger than this (in points, 1/72 inch) on a side is no scan of a card: A0 is 3370
MAX_PAGE_POINTS = 14400.0


def first_page(path: Path, long_side: int) -> Image.Image:
    """Page 1 of the PDF at ``path``, rendered in RGB with its long side ``long_side`` pixels.

    :raises DocumentInvalid: naming the file: unreadable or encrypted PDF, no pages, absurd size.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise DocumentInvalid(f"{path}: not a readable PDF ({exc})") from None
    try:
        if len(document) == 0:
            raise DocumentInvalid(f"{path}: the PDF has no pages")
        page = document[0]
        width, height = page.get_size()
        if not (0 < width <= MAX_PAGE_POINTS and 0 < height <= MAX_PAGE_POINTS):
            raise DocumentInvalid(
                f"{path}: PDF page 1 is {width:.0f} x {height:.0f} points, not a document page"
            )
        bitmap = page.render(scale=long_side / max(width, height))
        image: Image.Image = bitmap.to_pil().convert("RGB")
        return image
    except pdfium.PdfiumError as exc:
        raise DocumentInvalid(f"{path}: PDF page 1 cannot be rendered ({exc})") from None
    finally:
        document.close()
