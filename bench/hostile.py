"""Hostile-web benchmark: ``nianbao crawl`` against every site of
``crawler.mocksite.hostile`` at once (reset, never answering, HTTP 500s,
redirect loop, 2 GiB answer, robots.txt disallowing all, a 100,000-link list,
a 1 GiB zip bomb, a plain site): wall time, the crawl's peak RSS, exit code,
and each site's status and reason beside the one expected.

Example: python -m bench hostile --links 100000 --timeout 5
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click
from tabulate import tabulate

from bench.crawl import run_measured
from crawler.mocksite.hostile import HostileWeb
from nianbao.demo import fast_env


@click.command()
@click.option("--links", default=100_000, show_default=True, help="Links on the big list page.")
@click.option("--bomb-mib", default=1024, show_default=True, help="Decompressed size of the zip bomb's member.")
@click.option("--timeout", default=5, show_default=True, help="DOWNLOAD_TIMEOUT, seconds.")
def main(links: int, bomb_mib: int, timeout: int) -> None:
    """Crawl the hostile web once; print time, peak RSS and the summary.

    Example: python -m bench hostile --links 100000
    """
    with tempfile.TemporaryDirectory(prefix="nianbao-hostile-") as tmp, \
            HostileWeb(list_links=links, bomb_bytes=bomb_mib << 20) as web:
        tmp = Path(tmp)
        command = [sys.executable, "-m", "nianbao", "crawl", "--db", str(tmp / "nianbao.db"), "--data-dir", str(tmp / "data"),
                   "--json", "--log-level", "WARNING", "-s", "NIANBAO_BROWSER_ENABLED=False",
                   "-s", f"DOWNLOAD_TIMEOUT={timeout}", "-s", "RETRY_TIMES=1"]
        for url in web.urls.values():
            command += ["--start-url", url]
        with open(tmp / "out.json", "w") as out, open(tmp / "crawl.log", "w") as log:
            measured = run_measured(command, out, env=fast_env(), errors=log)
        summary = json.loads((tmp / "out.json").read_text() or "{}")
    sites = summary.get("sites", {})
    rows = []
    for name, url in web.urls.items():
        site = sites.get(url.split("//", 1)[1].rstrip("/"), {})
        rows.append([name, HostileWeb.EXPECTED[name], site.get("status"), (site.get("reason") or "")[:90]])
    click.echo(tabulate(rows, headers=["site", "expected", "status", "reason"]))
    click.echo(f"\n{measured['seconds']:.1f} s, peak RSS {measured['peak_mib']:.0f} MiB, exit code {measured['exit']}")


if __name__ == "__main__":
    main()
