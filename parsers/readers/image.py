"""Scanned pages (PNG, JPEG, TIFF) read by OCR with RapidOCR (ONNX models
shipped inside the package, runs offline): each recognised text box is a
word placed by its bounding box, then lines and cells are formed as for an
unruled PDF (coordinates in pixels)."""

from __future__ import annotations

import functools
import io

from PIL import Image, UnidentifiedImageError

from ..model import Document, ReadError
from .cells import rows_text
from .layout import Word, words_to_rows


@functools.cache
def _engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except (ImportError, OSError) as exc:  # package or a shared library (OpenCV, ONNX) missing
        raise ReadError(f"OCR not available: {exc}") from None
    return RapidOCR()


def read_image(data: bytes) -> Document:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ReadError(f"not an image: {exc}") from None
    engine = _engine()
    rows = []
    for number in range(getattr(image, "n_frames", 1)):
        image.seek(number)
        frame = io.BytesIO()
        image.convert("RGB").save(frame, format="PNG")
        try:
            boxes, _ = engine(frame.getvalue())
        except Exception as exc:  # onnxruntime / OpenCV failures
            raise ReadError(f"OCR failed: {exc}") from None
        words = [
            Word(text, min(p[0] for p in box), max(p[0] for p in box),
                 min(p[1] for p in box), max(p[1] for p in box))
            for box, text, _score in boxes or []
        ]
        rows.extend(cells for _, cells in words_to_rows(words, page=number + 1))
    warnings = [] if rows else ["OCR found no text in the image"]
    return Document(format="image", rows=rows, text=rows_text(rows), warnings=warnings)
