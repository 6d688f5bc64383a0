"""Parse one document: read it, map its tables, read its metadata, run its
checks.  Never raises on bad input: what went wrong is in ``Report.errors``.

Small HTML and text documents are parsed in this process; everything else
(PDF, OCR, LibreOffice, ZIP packages, big inputs) in a worker held to the
time and memory limits of ``parsers.limits`` (see ``parsers.isolation``)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from . import isolation
from .checks import run_checks
from .limits import check, current
from .metadata import agency_of, title_of, year_of
from .model import Document, ReadError
from .readers import read_document
from .readers.sniff import sniff
from .residue import without_residue
from .result import Report
from .tables import map_tables

# The pre-2019 regulation (国务院令第492号) and its report format.
_LEGACY_MARKS = re.compile(r"492号|依申请公开政府信息(?:的)?情况|政府信息公开的收费及减免情况")


def parse_bytes(data: bytes, filename: str | None = None, *, path: str | None = None,
                content_type: str | None = None, sha256: str | None = None) -> Report:
    """Parse a document given as bytes; ``filename`` helps tell its format,
    ``content_type`` (the HTTP Content-Type header) gives an HTML page's
    charset, ``sha256`` is the bytes' digest when the caller has it."""
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    try:
        check("document_bytes", len(data), f"the document is {len(data):,} bytes")
    except ReadError as err:
        return Report(path=path or filename, sha256=sha256, errors=[str(err)])
    if _in_process(data, filename):
        return _parse(data, filename, path, sha256, content_type)
    return _isolated(_parse, (data, filename, path, sha256, content_type), path or filename, sha256)


def parse_path(path: str | Path) -> Report:
    """Parse a file; an unreadable path is reported in ``errors`` too. A
    file name that is not valid UTF-8 is shown with escapes (``\\xff``)."""
    path = Path(path)
    shown = printable_path(path)
    try:
        size = path.stat().st_size
        check("document_bytes", size, f"the document is {size:,} bytes")
        if size <= current().inline_bytes:
            return parse_bytes(path.read_bytes(), path.name, path=shown)
        with path.open("rb") as file:
            sha256 = hashlib.file_digest(file, "sha256").hexdigest()
    except OSError as err:
        return Report(path=shown, errors=[f"cannot open file: {err.strerror or err}"])
    except ReadError as err:
        return Report(path=shown, errors=[str(err)])
    return _isolated(_parse_file, (str(path), shown, sha256), shown, sha256)


def printable_path(path: str | Path) -> str:
    """``path`` as text that encodes: bytes of a file name that are not
    UTF-8 (kept by Python as lone surrogates) become ``\\xNN`` escapes."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", errors="backslashreplace")


def _in_process(data: bytes, filename: str | None) -> bool:
    """Small HTML and text (and what cannot be read at all) are cheap."""
    if len(data) > current().inline_bytes:
        return False
    try:
        return sniff(data, filename) in ("html", "text")
    except ReadError:
        return True


def _isolated(function, args: tuple, path: str | None, sha256: str | None) -> Report:
    try:
        return isolation.run(function, *args)
    except ReadError as err:
        return Report(path=path, sha256=sha256, errors=[str(err)])


def _parse_file(path: str, shown: str, sha256: str) -> Report:
    """In a worker: read the file there, so that its bytes are not copied."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        return Report(path=shown, sha256=sha256, errors=[f"cannot open file: {err.strerror or err}"])
    return _parse(data, Path(path).name, shown, sha256)


def _parse(data: bytes, filename: str | None, path: str | None, sha256: str,
           content_type: str | None = None) -> Report:
    try:
        doc = read_document(data, filename, content_type=content_type)
    except ReadError as err:
        return Report(path=path or filename, sha256=sha256, errors=[str(err)])
    except MemoryError:
        raise   # in a worker: reported as over the memory limit
    except Exception as err:  # a reader bug must not stop a crawl or a batch
        return Report(path=path or filename, sha256=sha256,
                      errors=[f"could not read the document ({type(err).__name__}: {err})"])
    return report_from(doc, path or filename, sha256)


def report_from(doc: Document, path: str | None, sha256: str | None) -> Report:
    """The report of a document read: its tables mapped to facts, its
    metadata, its checks; a document cut short says so in ``errors``."""
    report = Report(path=path, sha256=sha256)
    doc = without_residue(doc)
    report.errors.extend(doc.incomplete)
    report.format = doc.format
    report.text = doc.text
    report.meta = dict(doc.meta)
    report.warnings = list(doc.warnings)
    report.title = title_of(doc)
    report.agency = agency_of(report.title, doc.text)
    report.year = year_of(report.title, doc.text)

    mapping = map_tables(doc)
    if not mapping.facts:
        if _is_legacy(report):
            report.template = "legacy"
        else:
            report.errors.append("no statistics tables found")
        return report
    report.template = mapping.template
    report.facts = mapping.facts
    report.errors.extend(mapping.errors)
    report.warnings.extend(mapping.warnings)
    report.checks = run_checks(mapping.facts, mapping.tables_found, doc.text)
    return report


def _is_legacy(report: Report) -> bool:
    """A report under the pre-2019 regulation: its tables have none of the
    2019/2021 labels; its year or its wording says which regulation."""
    if report.year is not None:
        return report.year <= 2018
    return bool(_LEGACY_MARKS.search(report.text))

