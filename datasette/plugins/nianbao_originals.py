"""Serve the archived originals read-only, and link report rows to them.

- ``/-/originals/<sha256>``: the stored file (``documents.stored_path`` under the data directory)
- ``/-/warc/<file>/<offset>``: the payload of the WARC record at that offset,
  with its WARC headers as ``X-Warc-*`` response headers

The data directory comes from the plugin configuration ``nianbao.data_dir``
(``nianbao serve --data-dir``).  Cells of ``reports.document_sha256``,
``documents.sha256`` and ``captures.warc_file`` link to these routes."""

from __future__ import annotations

import html
from urllib.parse import quote

from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from archive.originals import ContentStore, inside, read_warc_record
from datasette import hookimpl
from parsers.readers.formats import content_type_for

# Header values must be ASCII: non-ASCII (a Chinese URL) is percent-encoded.
_HEADER_SAFE = "".join(chr(c) for c in range(0x20, 0x7f) if chr(c) != "%")


def _data_dir(datasette):
    config = datasette.plugin_config("nianbao") or {}
    if not config.get("data_dir"):
        raise NotFound("no data directory is configured (nianbao serve --data-dir)")
    return config["data_dir"]


async def _document(datasette, sha256: str):
    """The ``documents`` row of this content, from whichever database has it."""
    for name in datasette.databases:
        db = datasette.get_database(name)
        if "documents" in await db.table_names():
            row = (await db.execute("select content_type, stored_path from documents where sha256 = ?",
                                    [sha256])).first()
            if row:
                return row
    return None


async def original(request, datasette):
    sha256 = request.url_vars["sha256"]
    row = await _document(datasette, sha256)
    try:
        path = inside(_data_dir(datasette), row["stored_path"] if row else ContentStore.relative_path(sha256))
    except ValueError as error:
        raise NotFound(str(error)) from error
    if not path.is_file():
        raise NotFound(f"no stored file {sha256}")
    content_type = (row and row["content_type"]) or content_type_for(path.name) or "application/octet-stream"
    return Response(path.read_bytes(), content_type=content_type,
                    headers={"Content-Disposition": f'inline; filename="{path.name}"'})


async def warc_record(request, datasette):
    try:
        path = inside(_data_dir(datasette), request.url_vars["path"])
    except ValueError as error:
        raise NotFound(str(error)) from error
    if not path.is_file():
        raise NotFound("no such WARC file")
    try:
        warc_headers, http_headers, payload = read_warc_record(path, int(request.url_vars["offset"]))
    except (StopIteration, ValueError, OSError) as error:
        raise NotFound(f"no WARC record at that offset: {error}") from error
    headers = {f"X-Warc-{k.split('-', 1)[1]}": quote(v, safe=_HEADER_SAFE)
               for k, v in warc_headers.items() if k.startswith("WARC-")}
    content_type = http_headers.get("Content-Type") or warc_headers.get("Content-Type", "")
    return Response(payload, content_type=content_type or "application/octet-stream",
                    headers=headers)


@hookimpl
def register_routes():
    return [
        (r"^/-/originals/(?P<sha256>[0-9a-f]{64})$", original),
        (r"^/-/warc/(?P<path>.+)/(?P<offset>\d+)$", warc_record),
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
