"""Which format a file is: magic bytes first, the file name's extension (by
the format table, ``formats``) second. A file whose extension promises a
binary format but whose bytes are something else (a server's HTML error page
saved as ``report.docx``) is an error, not a guess."""

from __future__ import annotations

import io
import zipfile

from ..model import ReadError
from .decode import utf16_without_bom
from .formats import BY_NAME, FORMATS, extension_format
from .zips import ZIP_ERRORS

_BINARY = frozenset(f.name for f in FORMATS if f.binary)
_OLE_FORMATS = frozenset({"doc", "wps", "xls", "et"})
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<table", b"<div", b"<p>", b"<p ")


def not_a(fmt: str, why: str) -> ReadError:
    """The error for a file that is not the format it claims or was sniffed as."""
    row = BY_NAME.get(fmt)
    return ReadError(f"not {row.described if row else 'a ' + fmt.upper()}: {why}")


def sniff(data: bytes, filename: str | None = None) -> str:
    """The format of ``data`` (a readable format of the table in ``formats``),
    or ReadError saying in plain words why it cannot be read."""
    claimed = extension_format(filename)
    if not data:
        raise ReadError("empty file (0 bytes)")
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(data, claimed)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return claimed if claimed in _OLE_FORMATS else "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if _looks_like_html(head):
        kind = "HTML"
        if claimed not in _BINARY:
            return "html"
    elif b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")) and not utf16_without_bom(head):
        kind = "binary data of an unknown kind"
        if claimed not in _BINARY:
            raise ReadError(f"unrecognised file format (starts with {data[:8]!r})")
    else:
        kind = "plain text"
        if claimed not in _BINARY:
            return "html" if claimed == "html" else "text"
    raise not_a(claimed, f"the file is {kind} (starts with {data[:16]!r})")


def _looks_like_html(head: bytes) -> bool:
    utf16 = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else utf16_without_bom(head)
    if utf16:
        head = head.decode(utf16, errors="ignore").encode("utf-8")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") and any(marker in text for marker in _HTML_MARKERS)


def _zip_format(data: bytes, claimed: str | None) -> str:
    expected = claimed if claimed in ("docx", "xlsx", "ofd", "odt") else None
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except ZIP_ERRORS as exc:
        raise not_a(expected or "zip", f"the ZIP package is damaged or incomplete (cut short?): {exc}") from None
    lowered = {name.lower() for name in names}
    if "word/document.xml" in lowered:
        return "docx"
    if "xl/workbook.xml" in lowered:
        return "xlsx"
    if "ofd.xml" in lowered:
        return "ofd"
    if "content.xml" in lowered and "mimetype" in lowered:
        return "odt"
    what = f"a ZIP archive of {len(names)} file{'' if len(names) == 1 else 's'}: " \
        + ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
    if expected:
        raise not_a(expected, what)
    raise ReadError(what)
