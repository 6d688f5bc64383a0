"""Discovery benchmark: crawl randomly generated government sites
(``crawler.mocksite.generated``) from their home pages, politeness off (the
``fast`` settings profile), and
report recall (reports in the archive with their numbers), distractors
admitted, requests per report found, and sites whose crawl did not finish
by itself. Sites are crawled ``--batch`` at a time, one crawl process per batch.

    .venv/bin/python -m bench sites --sites 50 --first-seed 90000
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

import click
from tabulate import tabulate

from crawler.mocksite.randomweb import RandomWeb, score
from nianbao.demo import crawl_command, fast_env


def crawl_batch(seeds: list[int], tmp: Path, timeout: int) -> dict:
    """One crawl of the sites of ``seeds``: counts, and whether it finished by itself."""
    with RandomWeb(seeds) as web:
        command = crawl_command(web.urls, tmp / "archive.db", tmp / "data")
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=fast_env())
            summary = json.loads(done.stdout) if done.stdout.strip() else {}
        except subprocess.TimeoutExpired:
            summary = {}
        outcome = score(tmp / "archive.db", web.expected)
        return {"reports": outcome["reports"], "found": outcome["found"], "admitted": len(outcome["admitted"]),
                "requests": web.requests(), "finished": summary.get("finish_reason") == "finished",
                "sites": len(seeds), "cms": Counter(site.plan["cms"] for site in web.sites)}


@click.command()
@click.option("--sites", default=50, show_default=True, help="How many random sites to crawl.")
@click.option("--first-seed", default=90_000, show_default=True, help="Seeds are first-seed, first-seed+1 …")
@click.option("--batch", default=10, show_default=True, help="Sites per crawl process.")
@click.option("--timeout", default=900, show_default=True, help="Seconds a batch may take before it counts as unfinished.")
def main(sites: int, first_seed: int, batch: int, timeout: int) -> None:
    """Crawl random generated sites and report recall, distractors, requests per report, unfinished sites.

    Example: .venv/bin/python -m bench sites --sites 10 --first-seed 4242
    """
    seeds = list(range(first_seed, first_seed + sites))
    totals = Counter()
    start = time.monotonic()
    for n in range(0, len(seeds), batch):
        with tempfile.TemporaryDirectory(prefix="nianbao-bench-sites-") as tmp:
            result = crawl_batch(seeds[n: n + batch], Path(tmp), timeout)
        totals.update({k: v for k, v in result.items() if k not in ("finished", "cms")})
        totals.update(result["cms"])
        totals["unfinished"] += 0 if result["finished"] else result["sites"]
        click.echo(f"seeds {seeds[n]}..{seeds[min(n + batch, len(seeds)) - 1]}: {result['found']}/{result['reports']} "
                   f"reports, {result['admitted']} admitted, finished={result['finished']}", err=True)
    rows = [[sites, ", ".join(f"{c} {totals[c]}" for c in ("trs", "hanweb", "api", "plain")), totals["reports"],
             f"{totals['found'] / max(1, totals['reports']):.1%}", totals["admitted"],
             f"{totals['requests'] / max(1, totals['found']):.1f}", totals["unfinished"],
             f"{time.monotonic() - start:.0f}"]]
    click.echo(tabulate(rows, headers=["sites", "CMS", "reports", "recall (with numbers)", "distractors admitted",
                                       "requests / report found", "sites not finished", "seconds"],
                        tablefmt="github"))


if __name__ == "__main__":
    main()
