"""Format readers: document bytes of any format governments publish to a
``parsers.model.Document`` (rows of cells in reading order, with provenance).

    from parsers.readers import read_document
    doc = read_document(data, "report.pdf")   # or raises ReadError

The format is sniffed from the bytes first and the file name second; the
format table (``formats``) names the reader of each, one module per kind.
Readers never interpret labels or numbers. Every failure is a ``ReadError``
whose message is plain words; a document past one of ``parsers.limits`` is a
``LimitExceeded``.
"""

from __future__ import annotations

from ..limits import check
from ..model import Document, ReadError
from .docx import read_docx
from .formats import BY_NAME, extension_format
from .html import read_html
from .image import read_image
from .ofd import read_ofd
from .office import read_office
from .pdf import read_pdf
from .sniff import sniff
from .text import read_text

__all__ = ["read_document", "Document", "ReadError"]

# The readers the format table names (its ``reader`` column) that take the
# bytes alone; ``html`` also takes the HTTP charset, ``office`` (LibreOffice)
# the format's name.
_READERS = {"docx": read_docx, "pdf": read_pdf, "text": read_text, "ofd": read_ofd, "image": read_image}


def read_document(data: bytes, filename: str | None = None, *, content_type: str | None = None) -> Document:
    """Read ``data``; ``filename`` helps when the bytes are ambiguous and
    ``content_type`` (an HTTP Content-Type header) gives an HTML page's
    charset."""
    check("document_bytes", len(data), f"the document is {len(data):,} bytes")
    fmt = sniff(data, filename)
    if fmt in ("html", "text"):
        check("markup_bytes", len(data), f"the {fmt.upper()} document is {len(data):,} bytes")
    try:
        reader = BY_NAME[fmt].reader
        if reader == "html":
            doc = read_html(data, charset=_charset(content_type))
        elif reader == "office":
            doc = read_office(data, fmt)
        else:
            doc = _READERS[reader](data)
    except (ReadError, MemoryError):   # MemoryError: the worker's memory limit, reported as such
        raise
    except Exception as exc:  # a library failing on a damaged file: report it in words
        raise ReadError(f"could not read the {fmt.upper()} file: {type(exc).__name__}: {exc}") from exc
    claimed = extension_format(filename)
    if claimed and claimed != fmt and {claimed, fmt} != {"html", "text"}:
        doc.warnings.append(f"the file is named {filename!r} but its content is {fmt.upper()}")
    return doc


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
