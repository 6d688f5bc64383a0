"""Serve the archived originals read-only, and link report rows to them.

- ``/-/originals/<sha256>``: the stored file (``documents.stored_path`` under the data directory)
- ``/-/warc/<file>/<offset>``: the payload of the WARC record at that offset,
  with its WARC headers as ``X-Warc-*`` response headers; only for a WARC
  file and offset the archive recorded (``captures.warc_file`` / ``warc_offset``)

An original is whatever a government site served, so it is served so that it
cannot act in the archive's origin: every answer carries
``X-Content-Type-Options: nosniff`` and a ``Content-Security-Policy`` with
``sandbox`` (no script, no cookies, no storage of this origin, no forms, no
requests out); pages, images, PDFs and text are shown inline, anything else
(Word, Excel, OFD, zip, unknown types) is a download. Error pages name no
path and echo nothing read.

The data directory comes from the plugin configuration ``nianbao.data_dir``
(``nianbao serve --data-dir``).  Cells of ``reports.document_sha256``,
``documents.sha256`` and ``captures.warc_file`` link to these routes."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from archive.originals import ContentStore, inside, read_warc_record
from datasette import hookimpl
from parsers.readers.formats import content_type_for

# Header values must be ASCII: non-ASCII (a Chinese URL) is percent-encoded.
_HEADER_SAFE = "".join(chr(c) for c in range(0x20, 0x7f) if chr(c) != "%")

SANDBOX = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src data:"
# Shown in the browser: documents that render (under the sandbox) and passive media.
INLINE_TYPES = {
    "text/html", "application/xhtml+xml", "text/plain", "application/pdf",
    "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp",
}
_MIME = re.compile(r"\s*([a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*)\s*(?:;.*?charset=\"?([a-z0-9_.:-]+))?",
                   re.I)


def served_as(content_type: str | None, filename: str | None = None) -> tuple[str, dict[str, str]]:
    """The Content-Type and the headers an archived original is served with."""
    match = _MIME.match(content_type or "")
    mime = match.group(1).lower() if match else "application/octet-stream"
    served = f"{mime}; charset={match.group(2)}" if match and match.group(2) else mime
    headers = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": SANDBOX,
               "Referrer-Policy": "no-referrer", "Cross-Origin-Opener-Policy": "same-origin"}
    disposition = "inline" if mime in INLINE_TYPES else "attachment"
    headers["Content-Disposition"] = f'{disposition}; filename="{filename}"' if filename else disposition
    return served, headers


def _data_dir(datasette):
    config = datasette.plugin_config("nianbao") or {}
    if not config.get("data_dir"):
        raise NotFound("no data directory is configured (nianbao serve --data-dir)")
    return config["data_dir"]


async def _first_row(datasette, table: str, sql: str, params: list):
    """The first row of ``sql`` in whichever database has ``table``."""
    for name in datasette.databases:
        db = datasette.get_database(name)
        if table in await db.table_names():
            row = (await db.execute(sql, params)).first()
            if row:
                return row
    return None


async def original(request, datasette):
    sha256 = request.url_vars["sha256"]
    row = await _first_row(datasette, "documents", "select content_type, stored_path from documents where sha256 = ?",
                           [sha256])
    try:
        path = inside(_data_dir(datasette), row["stored_path"] if row else ContentStore.relative_path(sha256))
    except ValueError:
        raise NotFound("no stored original with that sha256") from None
    if not path.is_file():
        raise NotFound("no stored original with that sha256")
    recorded = (row and row["content_type"]) or content_type_for(path.name)
    content_type, headers = served_as(recorded, path.name)
    return Response(path.read_bytes(), content_type=content_type, headers=headers)


async def warc_record(request, datasette):
    """Only a record the archive wrote: the file and offset must be a capture's."""
    warc_file, offset = request.url_vars["path"], int(request.url_vars["offset"])
    recorded = await _first_row(datasette, "captures",
                                "select 1 from captures where warc_file = ? and warc_offset = ? limit 1",
                                [warc_file, offset])
    if not recorded:
        raise NotFound("no WARC record the archive recorded at that file and offset")
    try:
        path = inside(_data_dir(datasette), warc_file)
        warc_headers, http_headers, payload = read_warc_record(path, offset)
    except Exception:  # a missing, truncated or damaged file: nothing of it goes into the answer
        raise NotFound("the WARC record cannot be read") from None
    content_type, headers = served_as(http_headers.get("Content-Type") or warc_headers.get("Content-Type"))
    headers.update({f"X-Warc-{k.split('-', 1)[1]}": quote(v, safe=_HEADER_SAFE)
                    for k, v in warc_headers.items() if k.startswith("WARC-")})
    return Response(payload, content_type=content_type, headers=headers)


@hookimpl
def register_routes():
    return [
        (r"^/-/originals/(?P<sha256>[0-9a-f]{64})$", original),
        (r"^/-/warc/(?P<path>.+)/(?P<offset>\d{1,18})$", warc_record),
    ]


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if isinstance(value, dict):  # a foreign key cell: {"value": …, "label": …}
        value = value.get("value")
    if not value:
        return None
    if (table, column) in (("reports", "document_sha256"), ("documents", "sha256")):
        async def links():
            db = datasette.get_database(database)
            capture = (await db.execute(
                "select warc_file, warc_offset from captures where sha256 = ? "
                "and warc_file is not null order by fetched_at limit 1", [value])).first()
            parts = [_link(datasette.urls.path(f"/-/originals/{value}"), "原件 original")]
            if capture:
                parts.append(_link(datasette.urls.path(
                    f"/-/warc/{capture['warc_file']}/{capture['warc_offset']}"), "WARC"))
            return Markup(" · ".join(parts) + f'<br><small>{html.escape(value[:12])}…</small>')
        return links
    if (table, column) == ("captures", "warc_file") and row["warc_offset"] is not None:
        return Markup(_link(datasette.urls.path(f"/-/warc/{value}/{row['warc_offset']}"), value))
    return None
