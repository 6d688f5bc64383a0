"""Scanned pages (PNG, JPEG, TIFF) read by OCR with RapidOCR (ONNX models
shipped inside the package, runs offline): each recognised text box is a
word placed by its bounding box, then lines and cells are formed as for an
unruled PDF (coordinates in pixels)."""

from __future__ import annotations

import functools
import io
import re
import warnings

from PIL import Image, UnidentifiedImageError

from ..limits import LimitExceeded, check, current
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
    limits = current()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own pixel limit decides
            image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
    except Image.DecompressionBombError as exc:
        raise LimitExceeded(f"the image is too big for Pillow to open ({exc})", "image_pixels",
                            limits.image_pixels) from None
    except UnidentifiedImageError as exc:
        raise ReadError(f"not an image: {_words(exc)}") from None
    except (OSError, ValueError, EOFError, SyntaxError) as exc:
        raise ReadError(f"not an image: the file is damaged or incomplete ({_words(exc)})") from None
    check("frames", frames, f"the image has {frames:,} frames", limits)
    engine = _engine()
    rows = []
    for number in range(frames):
        try:
            image.seek(number)
            width, height = image.size
            check("image_pixels", width * height, f"frame {number + 1} of the image has {width:,} x {height:,} pixels",
                  limits)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image.load()
        except (OSError, ValueError, EOFError, SyntaxError) as exc:
            raise ReadError(f"not an image: frame {number + 1} is damaged or incomplete ({_words(exc)})") from None
        frame = io.BytesIO()
        image.convert("RGB").save(frame, format="PNG")
        try:
            boxes, _ = engine(frame.getvalue())
        except MemoryError:
            raise
        except Exception as exc:  # onnxruntime / OpenCV failures; their messages carry a traceback
            said = str(exc).strip().splitlines()[-1:] or [type(exc).__name__]
            if "alloc" in said[0].lower():
                raise LimitExceeded("the OCR of the image needed too much memory", "memory_mb",
                                    limits.memory_mb) from None
            raise ReadError(f"OCR failed: {said[0]}") from None
        words = [
            Word(text, min(p[0] for p in box), max(p[0] for p in box),
                 min(p[1] for p in box), max(p[1] for p in box))
            for box, text, _score in boxes or []
        ]
        rows.extend(cells for _, cells in words_to_rows(words, page=number + 1))
    notes = [] if rows else ["OCR found no text in the image"]
    return Document(format="image", rows=rows, text=rows_text(rows), warnings=notes)


def _words(exc: Exception) -> str:
    """Pillow's message without the repr of the stream it was given
    (``cannot identify image file <_io.BytesIO object at 0x…>``)."""
    text = re.sub(r"\s*<_io\.BytesIO object at 0x[0-9a-f]+>", "", str(exc)).strip()
    if isinstance(exc, UnidentifiedImageError) or text == "cannot identify image file":
        return "Pillow does not recognise the image data"
    return text or type(exc).__name__
