"""A TRS WCM site, modelled on www.pingtan.gov.cn: static list pages
index.html, index_1.html … whose page count exists only in the
``createPageHTML(count, page, "index", "html")`` script, detail pages
``/202403/t20240315_123456.html`` with the report in ``div.TRS_Editor`` or as
``P0….pdf`` attachments, a pdf.js viewer, an iframe — and the traps: a dead
link, a 500, an off-site redirect to an SEO mirror, a 2 GiB attachment and an
endless calendar."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from .base import Article, Attachment, MockSite
from .catalog import Item
from .server import Request, Response, error, redirect

LIST = "/zwgk/zfxxgknb/"
HUGE_SIZE = 2 * 1024**3


def zeros(total: int, chunk: int = 1 << 16) -> Iterator[bytes]:
    """``total`` zero bytes, produced lazily."""
    block = bytes(chunk)
    for start in range(0, total, chunk):
        yield block[: min(chunk, total - start)]


class TrsSite(MockSite):
    name = "trs"
    cms = "trs"
    domain = "www.qingxi.gov.cn"
    column_name = "政府信息公开年报"
    report_link_texts = ("政府信息公开年报",)
    deliveries = ("html", "html_flat", "pdf_ruled", "html_rows", "docx", "viewer", "iframe", "doc", "pdf_unruled",
                  "wps", "docx_split", "pdf_word", "docx_nested")
    body_attrs = "class=TRS_Editor"
    declared_charset = "utf-8"
    channel_path = "/zwgk/"
    list_path = LIST
    per_page = 10
    robots = "User-agent: *\nDisallow: /search/\nDisallow: /zwgk/internal/\n"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.mirror_url = ""  # the SEO mirror's address, for the off-site redirect
        self.nav = [("首页", "/"), ("政务公开", "/zwgk/"), ("活动日历", "/calendar?date=2024-03"),
                    ("内部办公", "/zwgk/internal/index.html")]
        self.home_links = [("信息公开年报", LIST), ("政府信息公开", "/zwgk/")]
        self._add_traps()
        self.huge_carrier = next(i for i in self.items if i.kind == "report" and i.delivery == "html")
        for path in (r"/", r"/index\.html"):
            self.route(path, lambda r: self.page("home.html"))
        self.route(r"/zwgk/(index\.html)?", lambda r: self.page("channel.html"))
        self.route(r"/zwgk/internal/.*", lambda r: self.page("channel.html"))
        self.route(LIST + r"(index(_(?P<n>\d+))?\.html)?", self.list_page)
        self.route(LIST + r"\d{6}/t\d{8}_(?P<item_id>\d+)\.html", self.detail)
        self.route(LIST + r"\d{6}/P0\d{8}(?P<item_id>\d{9})(?P<ext>\.\w+)",
                   lambda r, item_id, ext: self.file_response(self.item(item_id), ext))
        self.route(LIST + r"\d{6}/W0\d{8}(?P<item_id>\d{9})\.html", lambda r, item_id: self.frame_response(self.item(item_id)))
        self.route(LIST + r"\d{6}/W0\d{8}\d{9}_sjb\.zip", self.huge)
        self.route(r"/generic2/web/viewer\.html", lambda r: self.page("viewer.html"))
        self.route(r"/calendar", self.calendar)

    def _add_traps(self) -> None:
        """A dead report link, a page that always fails, and a repost that
        redirects off-site, spread through the column."""
        report = next(i for i in self.items if i.kind == "report")
        last = max(self.by_id)
        traps = [
            Item(last + 1, f"{self.gov}2018年度政府信息公开工作年度报告", report.published, "trap", "missing",
                 self.gov, 2018),
            Item(last + 2, f"{self.county}信访局2018年政府信息公开工作年度报告", report.published, "trap", "error",
                 self.county + "信访局", 2018),
            Item(last + 3, report.title + "（转载）", report.published, "trap", "offsite", report.agency, report.year),
        ]
        self.reposted = {traps[2].id: report}  # the mirror serves the repost as the original
        for position, trap in zip((2, 5, 8), traps):
            self.items.insert(min(position, len(self.items)), trap)
            self.by_id[trap.id] = trap

    # --- urls --------------------------------------------------------------
    def detail_href(self, item: Item) -> str:
        return f"{item.published:%Y%m}/t{item.published:%Y%m%d}_{item.id}.html"

    def detail_path(self, item: Item) -> str:
        return LIST + self.detail_href(item)

    def file_path(self, item: Item, ext: str) -> str:
        return f"{LIST}{item.published:%Y%m}/P0{item.published:%Y%m%d}{item.id:09d}{ext}"

    def frame_path(self, item: Item) -> str:
        return f"{LIST}{item.published:%Y%m}/W0{item.published:%Y%m%d}{item.id:09d}.html"

    def huge_path(self) -> str:
        item = self.huge_carrier
        return f"{LIST}{item.published:%Y%m}/W0{item.published:%Y%m%d}{item.id:09d}_sjb.zip"

    # --- pages -------------------------------------------------------------
    def list_page(self, request: Request, n: str | None = None) -> Response:
        pages = [list(p) for _, p in itertools.groupby(enumerate(self.items), lambda e: e[0] // self.per_page)]
        page = int(n or 0)
        if page >= len(pages):
            return error(404)
        return self.page("trs_list.html", items=[i for _, i in pages[page]], page=page, count=len(pages))

    def article(self, item: Item) -> Article:
        article = super().article(item)
        if item is self.huge_carrier:
            article.attachments.append(Attachment(self.huge_path(), f"附件2：{item.year}年度政务公开工作台账数据包.zip"))
        return article

    def detail(self, request: Request, item_id: str) -> Response:
        item = self.item(item_id)
        if item is not None and item.delivery == "missing":
            return error(404, "您访问的页面不存在")
        if item is not None and item.delivery == "error":
            return error(500, "Internal Server Error")
        if item is not None and item.delivery == "offsite":
            if self.mirror_url:
                return redirect(self.mirror_url + request.target)
            item = self.reposted[item.id]
            return self.page("detail.html", item=item, article=self.article(item))
        return super().detail(request, item_id)

    def huge(self, request: Request) -> Response:
        return Response(body=zeros(HUGE_SIZE), content_type="application/zip", length=HUGE_SIZE,
                        headers={"Content-Disposition": 'attachment; filename="sjb.zip"'})

    def calendar(self, request: Request) -> Response:
        """An endless calendar: every month links to the next, forever."""
        year, month = (int(x) for x in request.query.get("date", "2024-03").split("-")[:2])
        previous = f"{year - (month == 1)}-{(month - 2) % 12 + 1:02d}"
        following = f"{year + (month == 12)}-{month % 12 + 1:02d}"
        return self.page("calendar.html", month=f"{year}-{month:02d}", previous=previous, following=following)

    def traps(self) -> list[dict]:
        found = [{"site": self.name, "kind": trap.delivery, "url": self.base_url + self.detail_path(trap),
                  "title": trap.title} for trap in self.items if trap.kind == "trap"]
        found += [
            {"site": self.name, "kind": "huge", "url": self.base_url + self.huge_path(), "title": "2 GiB 附件"},
            {"site": self.name, "kind": "calendar", "url": self.base_url + "/calendar?date=2024-03", "title": "活动日历"},
            {"site": self.name, "kind": "robots", "url": self.base_url + "/zwgk/internal/index.html",
             "title": "robots.txt Disallow"},
        ]
        return found
