"""The one way into the archive: store the original, record it, parse it,
ingest the report.  The crawl pipeline, ``nianbao ingest`` and
``nianbao reparse`` all come through here, so they store the same paths
(relative to the data directory), keep the same content type and write the
same timestamps.

    accessions = Accessions(db, data_dir)
    outcome = accessions.accession(Original(data, url, fetched_at=timestamp(),
                                            filename="report.pdf"), Context(site_id="fj-pingtan"))

A document already accessioned (the same sha256: a 304 answered from the
store, a file ingested twice, the content store ingested as a folder) is
not parsed again: its reports at the same address only move their
``last_seen``, and their source URL, site and level stay as first archived.  A document whose parse
was never filed (a crawl killed between storing and filing) is parsed on
its next arrival.  Each document is filed in one transaction: its report,
facts and checks are archived all or nothing.

The crawl parses in a worker thread and writes in the reactor thread, so
the three steps are also offered one by one: ``store``, ``read`` (pure, any
thread) and ``file``."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import sqlite_utils

from parsers import Report, parse_bytes, version
from parsers.readers.formats import content_type_for

from .ingest import Ingester, record_document
from .levels import agency_level
from .originals import ContentStore

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def timestamp(moment: datetime | None = None) -> str:
    """The archive's one timestamp format, UTC to the second: ``2025-03-10T07:35:00Z``."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime(TIMESTAMP_FORMAT)


@dataclass
class Original:
    """A document as it arrived: its bytes and how they came."""

    data: bytes = field(repr=False)
    url: str                                 # where it came from (http(s), or file:// for a file)
    fetched_at: str                          # ``timestamp()``
    filename: str | None = None              # a name with the right extension, for the parser
    content_type: str | None = None          # the HTTP Content-Type header, charset included
    sha256: str | None = None                # the digest, when the caller already has it

    @property
    def extension(self) -> str:
        return PurePosixPath(self.filename or "").suffix.lower()


@dataclass
class Context:
    """What was known about a document besides its bytes (the site, the list
    entry, the page's meta tags).  Kept with its report, so that re-parsing
    reproduces the accession without the crawl."""

    site_id: str | None = None
    site_name: str | None = None             # the registry's name for the site's own agency
    site_level: str | None = None            # and its level: used only for that agency
    region_code: str | None = None
    title: str | None = None                 # from the list or the page's meta
    year: int | None = None
    agency: str | None = None
    published: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    needs_facts: bool = False                # a page with attachments: a report only if it has tables

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in dataclasses.asdict(self).items() if v not in (None, {}, False)},
                          ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Context:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in json.loads(text or "{}").items() if k in names})


@dataclass
class Stored:
    sha256: str
    stored_path: str                         # relative to the data directory
    unchanged: bool                          # already accessioned: not to be parsed again
    reports: int = 0                         # when unchanged: the reports it already is


@dataclass
class Outcome:
    stored: Stored
    report: Report | None = None             # None when unchanged
    report_id: str | None = None             # None when unchanged or not a report


def read(original: Original) -> Report:
    """Parse an original (pure: any thread, no database)."""
    return parse_bytes(original.data, original.filename, path=original.url,
                       content_type=original.content_type, sha256=original.sha256)


def apply_context(report: Report, context: Context) -> tuple[str | None, str | None]:
    """Fill what the document does not say from what its context says, and
    return its (agency, level): the agency the report names (else the list's,
    else the site's), and that agency's level by its name (the site's level
    only for the site's own agency, when its name tells nothing)."""
    report.title = report.title or context.title
    report.year = report.year or context.year
    report.agency = report.agency or context.agency or context.site_name
    for name, value in context.meta.items():
        report.meta.setdefault(name, value)
    level = agency_level(report.agency)
    if level is None and report.agency and report.agency == context.site_name:
        level = context.site_level
    return report.agency, level


class Accessions:
    """The archive's way in, for one database and data directory."""

    def __init__(self, db: sqlite_utils.Database, data_dir):
        self.db = db
        self.store = ContentStore(data_dir)

    def accessioned(self, sha256: str) -> bool:
        row = self.db.execute("SELECT parser_version FROM documents WHERE sha256 = ?", [sha256]).fetchone()
        return bool(row and row[0])

    def store_original(self, original: Original) -> Stored:
        """Keep the bytes (once, by sha256) and record the document; an
        already accessioned document only moves its reports' seen dates."""
        sha256, path = self.store.put(original.data, original.extension, sha256=original.sha256)
        original.sha256 = sha256
        if self.accessioned(sha256):
            return Stored(sha256, path, unchanged=True, reports=self.seen_again(original))
        record_document(self.db, sha256=sha256, url=original.url, content_type=original.content_type,
                        size=len(original.data), stored_path=path)
        return Stored(sha256, path, unchanged=False)

    def seen_again(self, original: Original) -> int:
        """Move the seen dates of the document's reports at this address (a
        copy found elsewhere moves none: its report keeps its first source);
        return how many reports the document is."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE reports SET first_seen = min(coalesce(first_seen, :at), :at), "
                "last_seen = max(coalesce(last_seen, :at), :at) "
                "WHERE document_sha256 = :sha256 AND source_url = :url",
                {"at": original.fetched_at, "sha256": original.sha256, "url": original.url})
        return self.db.execute("SELECT count(*) FROM reports WHERE document_sha256 = ?",
                               [original.sha256]).fetchone()[0]

    def file(self, original: Original, report: Report, context: Context, *,
             ingester: Ingester | None = None) -> str | None:
        """Ingest the parsed report of a stored original and mark the document
        accessioned, in one transaction (or in ``ingester``'s, whose owner
        commits); return the report id, None when it is no report (a page
        with attachments whose body has no tables)."""
        if ingester is None:
            with self.db.atomic(), Ingester(self.db) as own:
                return self.file(original, report, context, ingester=own)
        report_id = None
        if report.facts or not context.needs_facts:
            agency, level = apply_context(report, context)
            report_id = ingester.add(
                report, source_url=original.url, document_sha256=original.sha256,
                published=context.published, fetched_at=original.fetched_at, site_id=context.site_id,
                agency=agency, level=level, region_code=context.region_code, accession=context.to_json())
        self.db.execute("UPDATE documents SET parser_version = ? WHERE sha256 = ?",
                        [report.parser_version, original.sha256])
        return report_id

    def accession(self, original: Original, context: Context | None = None) -> Outcome:
        """Store, parse and file one document (parsing skipped when unchanged)."""
        stored = self.store_original(original)
        if stored.unchanged:
            return Outcome(stored)
        report = read(original)
        return Outcome(stored, report, self.file(original, report, context or Context()))


def original_from_file(path: Path) -> Original:
    """A file given to ``nianbao ingest``: its address is its ``file://``
    URL, its time its modification time."""
    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return Original(path.read_bytes(), path.resolve().as_uri(), fetched_at=timestamp(modified),
                    filename=path.name, content_type=content_type_for(path.name))


def files_under(paths) -> Iterator[Path]:
    """The files given, and every file under the folders given (sorted,
    hidden files left out)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def mark_accessioned(db: sqlite_utils.Database, sha256: str) -> None:
    """A container (a zip attachment) whose members were each accessioned."""
    with db.atomic():
        db.execute("UPDATE documents SET parser_version = ? WHERE sha256 = ?", [version.PARSER_VERSION, sha256])
