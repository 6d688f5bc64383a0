"""The README's screenshot: build the demo archive (``nianbao.demo.run_demo``
without serving), serve it with Datasette on a free loopback port, and
photograph the reports table with its facets in Debian's Chromium.

    .venv/bin/python -m bench.screenshot                 # crawl the mock web, write docs/demo.png
    .venv/bin/python -m bench.screenshot --reuse         # photograph the archive built last time
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import click
import uvicorn
from playwright.sync_api import sync_playwright

from archive.serve import build_datasette
from crawler.settings import PLAYWRIGHT_LAUNCH_OPTIONS
from nianbao.demo import run_demo

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("agency", "year", "title", "level", "n_facts", "n_failed", "check_status", "document_sha256")


class BackgroundServer:
    """Datasette on the archive in a thread, on a free port of 127.0.0.1."""

    def __init__(self, db: Path, data_dir: Path):
        ds = build_datasette(db, data_dir)
        asyncio.run(ds.invoke_startup())
        self.server = uvicorn.Server(uvicorn.Config(ds.app(), host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join()


def reports_url(base: str, db: Path) -> str:
    query = urlencode([*(("_col", c) for c in COLUMNS), ("is_best", "1"), ("_sort_desc", "year")])
    return f"{base}/{db.stem}/reports?{query}"


@click.command()
@click.option("--db", default=str(ROOT / "bench/out/demo/nianbao.db"), show_default=True,
              type=click.Path(dir_okay=False, path_type=Path))
@click.option("--data-dir", default=str(ROOT / "bench/out/demo/data"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("--scale", default=1.0, show_default=True, help="The demo's mock web scale.")
@click.option("--reuse", is_flag=True, help="Photograph the archive already at --db.")
@click.option("--out", default=str(ROOT / "docs/demo.png"), show_default=True, type=click.Path(path_type=Path))
@click.option("--width", default=1440, show_default=True)
@click.option("--height", default=1100, show_default=True)
def main(db, data_dir, scale, reuse, out, width, height):
    """Write a PNG of the demo's Datasette: the best report versions, with facets.

    Example: .venv/bin/python -m bench.screenshot --scale 0.5
    """
    if not reuse:
        run_demo(db, data_dir, scale=scale, serve=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    with BackgroundServer(db, data_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**PLAYWRIGHT_LAUNCH_OPTIONS)
        page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN",
                                device_scale_factor=1)
        page.goto(reports_url(base, db), wait_until="networkidle")
        # from the row count down: search box, facets and the first rows (the column notes above are long)
        top = page.locator("h3").first.bounding_box()["y"] - 12
        page.screenshot(path=str(out), full_page=True, clip={"x": 0, "y": top, "width": width, "height": height})
        browser.close()
    click.echo(f"wrote {out}")


if __name__ == "__main__":
    main()
