"""The archive's click commands: ``ingest``, ``coverage`` and ``serve``
(added to the ``nianbao`` group by ``nianbao.cli``)."""

from __future__ import annotations

import asyncio
import csv
import json
import sys

import click

from archive.coverage import STATUSES

db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False),
                         default="nianbao.db", show_default=True, help="The archive database.")
data_dir_option = click.option("--data-dir", type=click.Path(file_okay=False),
                               help="The data directory: stored originals (files/) and WARC files (warc/).")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@click.option("--data-dir", type=click.Path(file_okay=False), default="data", show_default=True,
              help="The data directory: each file is kept in its content store (files/).")
def ingest(paths, db_path, data_dir):
    """Parse report files (or every file under a directory) into the archive.

    Each file is kept in the content store, parsed and archived in its own
    transaction, and printed once it is in the database.  A file the
    archive already has (the same bytes, e.g. DATA_DIR/files/ itself) is
    not parsed again and keeps its source URL, site and level.  Running it
    again on the same files changes nothing.

    Example: nianbao ingest reports/ --db nianbao.db --data-dir data/
    """
    from archive.accession import Accessions, files_under, original_from_file
    from archive.db import open_archive

    accessions = Accessions(open_archive(db_path), data_dir)
    counts = {"ingested": 0, "unchanged": 0}
    for path in files_under(paths):
        outcome = accessions.accession(original_from_file(path))
        if outcome.stored.unchanged:
            counts["unchanged"] += 1
            click.echo(f"unchanged  {outcome.stored.sha256[:16]}  {path}")
            continue
        report = outcome.report
        counts["ingested"] += 1
        click.echo(f"{outcome.report_id}  {report.agency or '?'}  {report.year or '?'}  "
                   f"{report.template}  {path}")
    click.echo(f"{counts['ingested']} file(s) ingested into {db_path}, "
               f"{counts['unchanged']} already archived", err=True)


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
