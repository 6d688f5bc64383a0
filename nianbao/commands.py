"""The archive's click commands: ``ingest``, ``coverage`` and ``serve``
(added to the ``nianbao`` group by ``nianbao.cli``)."""

from __future__ import annotations

import asyncio
import csv
import datetime
import json
import sys
from pathlib import Path

import click

from archive.coverage import STATUSES

db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False),
                         default="nianbao.db", show_default=True, help="The archive database.")
data_dir_option = click.option("--data-dir", type=click.Path(file_okay=False),
                               help="The data directory: stored originals (files/) and WARC files (warc/).")


def _files(paths: tuple[str, ...]):
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@data_dir_option
def ingest(paths, db_path, data_dir):
    """Parse report files (or every file under a directory) into the archive.

    Running it again on the same files changes nothing.  With --data-dir,
    each file is also kept in the content-addressed store.

    Example: nianbao ingest reports/ --db nianbao.db --data-dir data/
    """
    from archive.db import open_archive
    from archive.ingest import Ingester, record_document
    from archive.originals import ContentStore
    from parsers import parse_bytes
    from parsers.readers.formats import content_type_for

    db = open_archive(db_path)
    count = 0
    with Ingester(db) as ingester:
        for path in _files(paths):
            data = path.read_bytes()
            report = parse_bytes(data, path.name, path=str(path))
            sha256 = report.sha256
            stored = ContentStore(data_dir).put(data, path.suffix)[1] if data_dir else path
            record_document(db, sha256=sha256, url=path.resolve().as_uri(), content_type=content_type_for(path.name),
                            size=len(data), stored_path=str(stored))
            fetched = datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC)
            report_id = ingester.add(report, source_url=path.resolve().as_uri(),
                                     document_sha256=sha256,
                                     fetched_at=fetched.isoformat(timespec="seconds"))
            click.echo(f"{report_id}  {report.agency or '?'}  {report.year or '?'}  "
                       f"{report.template}  {path}")
            count += 1
    click.echo(f"{count} file(s) ingested into {db_path}", err=True)


@click.command()
@db_option
@click.option("--year", type=int, help="Only this year reported on.")
@click.option("--status", type=click.Choice(STATUSES),
              help="Only this status.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def coverage(db_path, year, status, fmt):
    """For each agency and year: report found, publication date, and
    whether it was late (departments by 31 Jan, governments by 31 Mar).

    Example: nianbao coverage --db nianbao.db --year 2023 --status missing
    """
    from archive.coverage import coverage as coverage_rows
    from archive.db import open_archive

    rows = coverage_rows(open_archive(db_path), year=year, status=status)
    columns = ["year", "agency", "level", "region_code", "status", "published", "deadline",
               "days_late", "report_id"]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        for row in rows:
            click.echo("\t".join("" if row[c] is None else str(row[c]) for c in columns))


@click.command()
@db_option
@data_dir_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--get", "get_path", metavar="PATH",
              help="Print the response for this path and exit instead of serving.")
def serve(db_path, data_dir, host, port, get_path):
    """Serve the archive read-only (immutable) with Datasette: search,
    facets, stored queries, dashboards, originals and downloads.

    Example: nianbao serve --db nianbao.db --data-dir data/ --port 8001
    """
    from archive.serve import build_datasette

    try:
        ds = build_datasette(db_path, data_dir)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    if get_path:
        response = asyncio.run(ds.client.get(get_path))
        click.echo(response.text)
        if response.status_code >= 400:
            sys.exit(1)
        return
    import uvicorn

    asyncio.run(ds.invoke_startup())
    click.echo(f"Serving {db_path} read-only on http://{host}:{port}/", err=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
