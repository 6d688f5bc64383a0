"""The ``nianbao`` console script: a thin click group; each package owns its
commands (``parsers.cli``, ``crawler.cli``, ``archive.commands``) and this
module only puts them together."""

import click

from archive.commands import coverage, ingest, reparse, serve
from archive.demo import demo
from crawler.cli import crawl
from crawler.registry import sites_command
from parsers.cli import parse


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nianbao")
def main():
    """nianbao: find, keep, parse and check China's 政府信息公开工作年度报告.

    Example: nianbao parse report.pdf
    """


for command in (parse, crawl, sites_command, ingest, reparse, coverage, serve, demo):
    main.add_command(command)
