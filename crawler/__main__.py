"""``python -m crawler`` runs the crawl command (the same as ``nianbao crawl``)."""

from .cli import crawl

crawl(prog_name="python -m crawler")
