"""Crawls of sites the crawler has never seen: a handful of generated sites
(``crawler.mocksite.generated``), drawn afresh every run, crawled from their
home pages with politeness off. At least 95% of their reports reach the
archive with their numbers, no distractor does, and the crawl ends by itself.
``NIANBAO_SEEDS=3,17`` replays given seeds."""

from __future__ import annotations

import os
import random
import subprocess

import pytest

from crawler.mocksite.randomweb import RandomWeb, score
from nianbao.demo import crawl_command, fast_env

SEEDS = [int(s) for s in os.environ.get("NIANBAO_SEEDS", "").split(",") if s] or random.sample(range(10**6), 4)


@pytest.mark.slow
def test_generated_sites_are_crawled_from_their_home_pages(tmp_path):
    with RandomWeb(SEEDS) as web:
        command = crawl_command(web.urls, tmp_path / "archive.db", tmp_path / "data")
        done = subprocess.run(command, capture_output=True, text=True, timeout=900, env=fast_env())
        plans = {site.name: site.plan for site in web.sites}
        outcome = score(tmp_path / "archive.db", web.expected)
    assert '"finish_reason": "finished"' in done.stdout, f"seeds {SEEDS}: {done.stderr[-3000:]}"
    lost = [f"{e['site']} {e['delivery']}: {e['title']} {e['url']}" for e in outcome["missing"] + outcome["wrong"]]
    assert outcome["found"] >= 0.95 * outcome["reports"], (
        f"seeds {SEEDS}: {outcome['found']}/{outcome['reports']} with their numbers\n" + "\n".join(lost)
        + f"\nplans: {plans}")
    assert outcome["admitted"] == [], f"seeds {SEEDS}: {outcome['admitted']}"
