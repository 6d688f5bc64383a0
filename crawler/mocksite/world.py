"""``MockSites``: every mock government site started on its own free port of
127.0.0.1 (the TRS site's SEO mirror on 127.0.0.2, the refusing site on
127.0.0.3), with the list of what a crawl should find there.

    with MockSites() as sites:
        sites.urls["trs"]       # home page, e.g. http://127.0.0.1:40123/
        sites.expected          # every report and distractor, with its truth
        sites.traps             # dead links, 500, off-site redirect, 2 GiB file…
        sites.sites["trs"].log  # every request the site answered
"""

from __future__ import annotations

from collections.abc import Iterable

from .base import MockSite
from .browser import BrowserSite
from .hanweb import HanwebSite
from .plain import ChallengeSite, GbkSite, RefusingSite
from .server import RunningSite, SiteGroup
from .trs import TrsSite

# name: (class, government, county, reports, distractors, first item id, 网站标识码)
SITES = {
    "trs": (TrsSite, "清溪县人民政府", "清溪县", 24, 8, 123_400, "3311270001"),
    "hanweb": (HanwebSite, "松山市人民政府", "松山市", 28, 6, 567_800, "3405000012"),
    "browser": (BrowserSite, "白沙区人民政府", "白沙区", 12, 3, 88_100, "4401160003"),
    "gbk": (GbkSite, "石门县人民政府", "石门县", 12, 3, 45_200, "4307260004"),
    "challenge": (ChallengeSite, "临江县人民政府", "临江县", 5, 1, 70_300, "2206810005"),
    "refusing": (RefusingSite, "望海县人民政府", "望海县", 3, 1, 71_400, "3710820006"),
}
MIRROR_HOST = "127.0.0.2"
# Browsers keep cookies per host, whatever the port: the two challenge sites set
# a cookie of the same name, so they must be different hosts, as real sites are.
HOSTS = {"trs-mirror": MIRROR_HOST, "refusing": "127.0.0.3"}


def build(name: str, seed: int, scale: float) -> MockSite:
    cls, gov, county, reports, distractors, first_id, code = SITES[name]
    return cls(seed=seed * 1000 + first_id, gov=gov, county=county, reports=max(1, round(reports * scale)),
               distractors=max(1, round(distractors * scale)), first_id=first_id, site_code=code)


class MockSites(SiteGroup):
    """Start the mock sites (all, or ``only`` some) for the ``with`` block.
    ``seed`` draws the items, ``scale`` multiplies how many each column has."""

    def __init__(self, seed: int = 1, scale: float = 1.0, only: Iterable[str] | None = None) -> None:
        super().__init__()
        self.sites = {name: build(name, seed, scale) for name in (only or SITES)}
        if "trs" in self.sites:
            self.sites["trs-mirror"] = build("trs", seed, scale)
            self.sites["trs-mirror"].name = "trs-mirror"

    def start(self) -> None:
        for name, site in self.sites.items():
            self.running[name] = RunningSite(site, HOSTS.get(name, "127.0.0.1"))
            site.base_url = self.running[name].url
        if "trs" in self.sites:
            self.sites["trs"].mirror_url = self.sites["trs-mirror"].base_url

    @property
    def urls(self) -> dict[str, str]:
        """Site name -> home page URL (the mirror is not a site of its own)."""
        return {name: site.base_url + "/" for name, site in self.sites.items() if name != "trs-mirror"}

    @property
    def expected(self) -> list[dict]:
        return [entry for name, site in self.sites.items() if name != "trs-mirror" for entry in site.expected()]

    @property
    def traps(self) -> list[dict]:
        return [trap for name, site in self.sites.items() if name != "trs-mirror" for trap in site.traps()]
