"""An uploaded document as the reader takes it: decoded safely, then judged readable."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from robotlib.documents.image import load_image
from robotlib.documents.quality import check_quality


def read_upload(path: Path) -> np.ndarray:
    """The upright RGB image of ``path`` (JPEG, PNG, WebP, or a PDF's first page), if readable.

    :raises DocumentInvalid: naming the file and why it is no usable image: missing, empty, too
        large, wrong type, corrupt, or too blurred, dark or glared to read.
    """
    image = load_image(path)
    check_quality(str(path), image)
    return image
