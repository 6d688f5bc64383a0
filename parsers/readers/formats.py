"""The format table: every kind of file nianbao meets, in one place.

Each row says how the format is named (``Document.format``), which file name
endings and HTTP content types it comes with, which reader in this package
reads it, and whether a link to such a file is an attachment to download.
The sniffer, the readers' dispatch, the content store's extensions, the
crawler's attachment recognition, the mock web's and Datasette's content
types all read this table: a new format is one row here (plus its reader
module, when no existing reader can read it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One row of the table."""

    name: str                                 # as Document.format spells it
    described: str                            # in errors: "not a readable PDF: …"
    extensions: tuple[str, ...]               # lower case, with the dot; the first is the one files are stored with
    content_types: tuple[tuple[str, str], ...]  # (HTTP content type, the extension a file served so gets)
    reader: str | None                        # the reader (see readers.read_document); None: kept, not read
    binary: bool = True                       # a file named so must have the format's own bytes
    attachment: bool = True                   # a link ending so is a document to download

    @property
    def content_type(self) -> str:
        """The content type to serve a file of this format with."""
        return self.content_types[0][0]


def _types(extension: str, *content_types: str) -> tuple[tuple[str, str], ...]:
    return tuple((content_type, extension) for content_type in content_types)


FORMATS = (
    Format("pdf", "a readable PDF", (".pdf",), _types(".pdf", "application/pdf"), "pdf"),
    Format("docx", "a DOCX", (".docx", ".docm"),
           _types(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), "docx"),
    Format("doc", "a DOC", (".doc",), _types(".doc", "application/msword"), "office"),
    # WPS Office saves .wps files in the Word 97 binary format
    Format("wps", "a WPS document", (".wps",), _types(".wps", "application/kswps", "application/vnd.ms-works"),
           "office"),
    Format("rtf", "an RTF document", (".rtf",), _types(".rtf", "application/rtf", "text/rtf"), "office"),
    Format("odt", "an ODT document", (".odt",), _types(".odt", "application/vnd.oasis.opendocument.text"), "office"),
    Format("xlsx", "an XLSX", (".xlsx",),
           _types(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), "office"),
    Format("xls", "an XLS", (".xls",), _types(".xls", "application/vnd.ms-excel"), "office"),
    Format("et", "an ET spreadsheet", (".et",), _types(".et", "application/kset"), "office"),
    Format("ofd", "an OFD", (".ofd",), _types(".ofd", "application/ofd"), "ofd"),
    Format("image", "an image", (".jpg", ".jpeg", ".png", ".tif", ".tiff"),
           (("image/jpeg", ".jpg"), ("image/png", ".png"), ("image/tiff", ".tif")), "image"),
    Format("html", "an HTML page", (".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"),
           _types(".html", "text/html", "application/xhtml+xml"), "html", binary=False, attachment=False),
    Format("text", "a text file", (".txt", ".text", ".md", ".csv", ".tsv"),
           _types(".txt", "text/plain", "text/markdown", "text/csv"), "text", binary=False, attachment=False),
    # Downloaded and kept but not read: a ZIP's members are read one by one (crawler.pipelines).
    Format("zip", "a ZIP archive", (".zip",), _types(".zip", "application/zip", "application/x-zip-compressed"),
           None),
    Format("rar", "a RAR archive", (".rar",), _types(".rar", "application/vnd.rar", "application/x-rar-compressed"),
           None),
    Format("gif", "a GIF image", (".gif",), _types(".gif", "image/gif"), None),
)

BY_NAME = {f.name: f for f in FORMATS}
# File name ending -> the readable format it promises.
READABLE_EXTENSIONS = {ext: f.name for f in FORMATS if f.reader for ext in f.extensions}
# The endings of a download link (report attachments and images).
ATTACHMENT_EXTENSIONS = tuple(ext for f in FORMATS if f.attachment for ext in f.extensions)
IMAGE_EXTENSIONS = BY_NAME["image"].extensions + BY_NAME["gif"].extensions
_BY_EXTENSION = {ext: f for f in FORMATS for ext in f.extensions}
_EXTENSION_BY_TYPE = {content_type: ext for f in FORMATS for content_type, ext in f.content_types}


def _ending(filename: str) -> str:
    """``report.PDF`` -> ``.pdf``; a bare ending (``.pdf``) is its own."""
    ending = os.path.splitext(filename)[1] or (filename if filename.startswith(".") else "")
    return ending.lower()


def extension_format(filename: str | None) -> str | None:
    """The readable format a file name (or a bare ending) promises, or None."""
    return READABLE_EXTENSIONS.get(_ending(filename)) if filename else None


def extension_for(content_type: str | None) -> str | None:
    """The file name ending for an HTTP content type (parameters ignored), or None."""
    return _EXTENSION_BY_TYPE.get((content_type or "").split(";")[0].strip().lower())


def content_type_for(filename: str) -> str | None:
    """The content type to serve a file with, by its name's ending (or a bare
    ending), or None."""
    row = _BY_EXTENSION.get(_ending(filename))
    return row.content_type if row else None
