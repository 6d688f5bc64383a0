"""A mock government web on 127.0.0.1 for tests, benchmarks and the demo:
TRS, Hanweb, browser-rendered, GBK and JavaScript-challenge sites with annual
reports in every format, look-alike distractors and crawler traps.

    from crawler.mocksite import MockSites
    with MockSites() as sites:
        crawl(sites.urls["trs"]); compare with sites.expected

Sites no test was written against come from ``generated.GeneratedSite``
(one per seed: CMS, column names and addresses, portal depth, sub-columns,
paging, formats and distractors drawn at random), served as a
``randomweb.RandomWeb``.

``python -m crawler.mocksite`` runs them until Ctrl-C."""

from .world import MockSites

__all__ = ["MockSites"]
