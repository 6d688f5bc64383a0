"""The ``nianbao`` console script: a thin click group that puts the
commands together (``nianbao.parse``, ``nianbao.crawl``, ``nianbao.sites``,
``nianbao.commands``, ``nianbao.reparse``, ``nianbao.demo``)."""

import click

from nianbao.commands import coverage, ingest, serve
from nianbao.crawl import crawl
from nianbao.demo import demo
from nianbao.parse import parse
from nianbao.reparse import reparse
from nianbao.sites import sites_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nianbao")
def main():
    """nianbao: find, keep, parse and check China's 政府信息公开工作年度报告.

    Example: nianbao parse report.pdf
    """


for command in (parse, crawl, sites_command, ingest, reparse, coverage, serve, demo):
    main.add_command(command)
