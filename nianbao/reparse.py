"""The ``reparse`` command: re-read archived reports from their stored
originals with the current parser (``archive.reparse``)."""

from __future__ import annotations

import sys

import click

from .commands import db_option


@click.command()
@db_option
@click.option("--data-dir", type=click.Path(file_okay=False, exists=True), default="data", show_default=True,
              help="The data directory holding the stored originals (files/).")
@click.option("--all", "every", is_flag=True, help="Every report, whatever parser read it.")
@click.option("--older-than", metavar="VERSION",
              help="Reports read by a parser older than VERSION (default: the current version).")
@click.option("--report", "report_ids", multiple=True, metavar="ID", help="This report. Repeatable.")
def reparse(db_path, data_dir, every, older_than, report_ids):
    """Re-read archived reports from their stored originals with the current
    parser: no request is made.  Provenance (source URL, site, capture) is
    kept and every fact whose value changed is recorded in `changes`.

    Without options, the reports read by an older parser version: an
    interrupted run picks up where it stopped.  Running it again changes
    nothing.

    Example: nianbao reparse --db nianbao.db --data-dir data/ --all
    """
    from archive.db import open_archive
    from archive.reparse import reparse as reparse_reports
    from archive.reparse import select_reports
    from parsers import version

    if sum(map(bool, (every, older_than, report_ids))) > 1:
        raise click.UsageError("give one of --all, --older-than and --report")
    db = open_archive(db_path)
    try:
        chosen = select_reports(db, every=every, older_than=older_than, report_ids=report_ids)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Re-reading {len(chosen)} report(s) with parser {version.PARSER_VERSION}", err=True)
    with click.progressbar(length=len(chosen), file=sys.stderr) as bar:
        summary = reparse_reports(db, data_dir, chosen, progress=lambda done: bar.update(1))
    click.echo(summary.text())
