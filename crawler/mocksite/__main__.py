"""Run the mock government web for humans: ``python -m crawler.mocksite``
prints each site's home page and serves until Ctrl-C; ``--generated N``
serves N randomly generated sites instead of the fixed ones."""

import time

import click

from .randomweb import RandomWeb
from .world import MockSites


@click.command()
@click.option("--seed", default=1, show_default=True, help="Draws the items of every column (the first generated site).")
@click.option("--scale", default=1.0, show_default=True, help="Multiplies how many items each column has.")
@click.option("--generated", default=0, show_default=True,
              help="Serve this many generated sites (seeds SEED, SEED+1 …) instead of the fixed ones.")
def serve(seed: int, scale: float, generated: int) -> None:
    """Serve the mock TRS, Hanweb, browser-rendered, GBK and challenge sites on 127.0.0.1.

    Example: python -m crawler.mocksite --scale 2

    Example: python -m crawler.mocksite --generated 3 --seed 40
    """
    web = RandomWeb(range(seed, seed + generated)) if generated else MockSites(seed=seed, scale=scale)
    with web:
        if generated:
            for site in web.sites:
                click.echo(f"{site.name:12} {site.base_url}/  {site.plan['cms']}, {site.plan['layout']}, "
                           f"{site.plan['depth']} portal page(s)")
        else:
            for name, url in web.urls.items():
                click.echo(f"{name:10} {url}")
        reports = sum(e["kind"] == "report" for e in web.expected)
        click.echo(f"{reports} reports; Ctrl-C stops.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    serve()
