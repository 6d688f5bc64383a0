"""Run the mock government web for humans: ``python -m crawler.mocksite``
prints each site's home page and serves until Ctrl-C."""

import time

import click

from .world import MockSites


@click.command()
@click.option("--seed", default=1, show_default=True, help="Draws the items of every column.")
@click.option("--scale", default=1.0, show_default=True, help="Multiplies how many items each column has.")
def serve(seed: int, scale: float) -> None:
    """Serve the mock TRS, Hanweb, browser-rendered, GBK and challenge sites on 127.0.0.1.

    Example: python -m crawler.mocksite --scale 2
    """
    with MockSites(seed=seed, scale=scale) as sites:
        for name, url in sites.urls.items():
            click.echo(f"{name:10} {url}")
        reports = sum(e["kind"] == "report" for e in sites.expected)
        click.echo(f"{reports} reports; Ctrl-C stops.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    serve()
