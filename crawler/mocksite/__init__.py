"""A mock government web on 127.0.0.1 for tests, benchmarks and the demo:
TRS, Hanweb, browser-rendered, GBK and JavaScript-challenge sites with annual
reports in every format, look-alike distractors and crawler traps.

    from crawler.mocksite import MockSites
    with MockSites() as sites:
        crawl(sites.urls["trs"]); compare with sites.expected

``python -m crawler.mocksite`` runs them until Ctrl-C."""

from .world import MockSites

__all__ = ["MockSites"]
