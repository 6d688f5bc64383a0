"""Parse one document: read it, map its tables, read its metadata, run its
checks.  Never raises on bad input: what went wrong is in ``Report.errors``."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .checks import run_checks
from .metadata import agency_of, title_of, year_of
from .model import ReadError
from .readers import read_document
from .result import Report
from .tables import map_tables

# The pre-2019 regulation (国务院令第492号) and its report format.
_LEGACY_MARKS = re.compile(r"492号|依申请公开政府信息(?:的)?情况|政府信息公开的收费及减免情况")


def parse_bytes(data: bytes, filename: str | None = None, *, path: str | None = None,
                content_type: str | None = None, sha256: str | None = None) -> Report:
    """Parse a document given as bytes; ``filename`` helps tell its format,
    ``content_type`` (the HTTP Content-Type header) gives an HTML page's
    charset, ``sha256`` is the bytes' digest when the caller has it."""
    report = Report(path=path or filename, sha256=sha256 or hashlib.sha256(data).hexdigest())
    try:
        doc = read_document(data, filename, content_type=content_type)
    except ReadError as err:
        report.errors.append(str(err))
        return report
    except Exception as err:  # a reader bug must not stop a crawl or a batch
        report.errors.append(f"could not read the document ({type(err).__name__}: {err})")
        return report
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
    report.checks = run_checks(mapping.facts, mapping.tables_found, doc.text)
    return report


def _is_legacy(report: Report) -> bool:
    """A report under the pre-2019 regulation: its tables have none of the
    2019/2021 labels; its year or its wording says which regulation."""
    if report.year is not None:
        return report.year <= 2018
    return bool(_LEGACY_MARKS.search(report.text))


def parse_path(path: str | Path) -> Report:
    """Parse a file; an unreadable path is reported in ``errors`` too."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        return Report(path=str(path), errors=[f"cannot open file: {err.strerror or err}"])
    return parse_bytes(data, path.name, path=str(path))
