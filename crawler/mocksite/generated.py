"""Government sites drawn at random, by seed, from what real portals show:
the CMS (TRS static pages, Hanweb jpage/dataproxy, a browser-rendered list
over a JSON API, a plain list with 下一页 links), the names of the report
columns and of the portal pages, their addresses (``/col/col4521/index.html``,
``/channel/123.html``, ``/xxgk/list.jsp?id=…`` as often as a telling
``/zfxxgknb/``), how deep the column sits below the home page (0–2 portal
pages, one of them perhaps 法定主动公开内容), where its links sit (menu or
page body) and how (the column's name, or 更多>> beside its heading), sub-columns by body (部门, 乡镇) or by year, page sizes, whether
the list states its total, the report formats, and distractors: look-alike
items in the columns and whole columns of other yearly documents
(法治政府建设年度报告, 工作要点, 决算 …).

    site = GeneratedSite(seed=7)       # an App: serve it with RunningSite
    site.plan                          # what was drawn, for reading a failure

The items and the truth of each report come from ``catalog`` and ``content``
as for the fixed demo sites."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from urllib.parse import quote

from . import catalog
from .base import MockSite
from .catalog import DEPARTMENTS, Item, place_names
from .server import Request, Response, error

CMS = ("trs", "hanweb", "api", "plain")
MAIN_NAMES = ("政府信息公开年报", "政府信息公开工作年度报告", "年度报告", "信息公开年报", "政府信息公开年度报告",
              "年报", "政务公开年报")
BODY_NAMES = {
    "部门": ("部门年报", "县直部门年报", "区直单位年报", "部门信息公开年报", "部门"),
    "乡镇": ("乡镇年报", "乡镇（街道）年报", "镇街年报", "各乡镇年度报告", "乡镇信息公开年度报告", "乡镇"),
}
PORTAL_NAMES = ("政务公开", "信息公开", "政府信息公开", "政府信息公开专栏")
INNER_NAMES = ("法定主动公开内容", "主动公开", "政府信息公开目录")
SIDE_PAGES = ("政府信息公开指南", "政府信息公开制度", "依申请公开", "政策解读", "互动交流", "新闻动态")
DISTRACTOR_COLUMNS = ("法治政府建设年度报告", "政务公开工作要点", "财政预决算", "统计公报")
DELIVERIES = ("html", "html", "html_flat", "html_rows", "pdf_ruled", "pdf_unruled", "docx", "viewer", "iframe")
LAYOUTS = ("single", "bodies_beside", "bodies_below", "years")


@dataclass
class Column:
    """One list of the site: its name, address, items and paging."""

    name: str
    number: int                      # the CMS's column / channel id
    path: str                        # its first page
    items: list[Item] = field(default_factory=list)
    per_page: int = 10
    subcolumns: list[Column] = field(default_factory=list)


class ColumnView:
    """The site as one column's templates see it: the column's name,
    address, paging and sub-columns; everything else is the site's."""

    def __init__(self, site: GeneratedSite, column: Column) -> None:
        self._site, self._column = site, column
        self.column_name, self.list_path, self.per_page = column.name, column.path, column.per_page
        self.column_id = self.channel_id = column.number
        self.sidebar = [(c.name, c.path) for c in column.subcolumns]

    def __getattr__(self, name):
        return getattr(self._site, name)

    def detail_href(self, item: Item) -> str:
        return self._site.detail_path(item).removeprefix(self._column.path)

    def page_path(self, page: int) -> str:
        return self._column.path if page == 1 else f"{self._column.path}&page={page}"


class GeneratedSite(MockSite):
    """A site drawn from ``seed`` (see the module's docstring)."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        town, suffix = place_names(rng, 1, "")[0], rng.choice(("县", "市", "区"))
        county = town + suffix
        self.cms = rng.choice(CMS)
        first_id = 100_000 + seed % 1000 * 1000
        count = rng.randint(3, 6)
        self.deliveries = tuple(rng.choice(DELIVERIES) for _ in range(count))
        super().__init__(seed=seed * 7919 + 17, gov=f"{county}人民政府", county=county, reports=count,
                         distractors=rng.randint(2, 5), first_id=first_id, site_code=f"{seed % 10**10:010d}")
        bodies = [county + t + "人民政府" for t in place_names(rng, rng.randint(1, 2), "镇")]
        bodies += [county + d for d in rng.sample(DEPARTMENTS, rng.randint(1, 2))]
        for n, body in enumerate(bodies, start=1):   # towns' and departments' reports, a few years each
            reports = rng.randint(1, 3)
            self.items += catalog.column(seed=seed * 7919 + n, gov=body, county=county, reports=reports, distractors=0,
                                 deliveries=tuple(rng.choice(DELIVERIES) for _ in range(reports)),
                                 first_id=first_id + 100 * n)
        self.by_id = {item.id: item for item in self.items}
        self.name = f"gen-{seed}"
        self.domain = f"www.{town}.gov.cn"
        self.body_attrs = rng.choice(('class="TRS_Editor"', 'id="zoom"', 'class="article-content"'))
        self.declared_charset = "utf-8"
        self.hanweb_total = rng.random() < 0.5      # does the Hanweb list state its total?
        self.api_count = rng.random() < 0.5         # does the API answer say how many pages?
        self.unit_id, self.web_id, self.group_size = rng.randint(1000, 9999), rng.randint(1, 90), rng.randint(1, 3)
        self.plan = {"cms": self.cms, "layout": rng.choice(LAYOUTS), "depth": rng.choice((0, 1, 1, 2)),
                     "links_in": rng.choice(("menu", "body")), "column_links": rng.choice(("text", "more")),
                     "deliveries": self.deliveries}
        self._numbers = rng.sample(range(100, 9999), 40)
        self.columns = self._draw_columns(rng)
        self.column_of = {item.id: column for column in self._all_columns() for item in column.items}
        self._draw_portal(rng)
        self._route()

    # --- drawing ------------------------------------------------------------------
    def _address(self, rng: random.Random, number: int) -> str:
        if self.cms == "hanweb":
            return f"/col/col{number}/index.html"
        if self.cms == "api":
            return f"/channel/{number}.html"
        if self.cms == "plain":
            return f"/xxgk/list.jsp?id={number}"
        return f"/{rng.choice(('xxgk', 'zwgk', 'zfxxgk', 'gk'))}/{rng.choice(('c', 'col', 'zfxxgknb', 'ndbg'))}{number}/"

    def _column(self, rng: random.Random, name: str, items: list[Item]) -> Column:
        number = self._numbers.pop()
        return Column(name, number, self._address(rng, number), items, per_page=rng.choice((4, 5, 8, 10, 15)))

    def _draw_columns(self, rng: random.Random) -> list[Column]:
        reports = [i for i in self.items if i.kind == "report"]
        distractors = [i for i in self.items if i.kind != "report"]
        rng.shuffle(distractors)
        moved = distractors[: len(distractors) // 2]        # whole columns of other yearly documents
        layout = self.plan["layout"]
        main = self._column(rng, rng.choice(MAIN_NAMES), [])
        columns = [main]
        if layout == "single":
            main.items = list(reports)
        elif layout == "years":
            for year in sorted({i.year for i in reports}, reverse=True):
                main.subcolumns.append(self._column(rng, f"{year}年度", [i for i in reports if i.year == year]))
        else:
            by_body = {"乡镇": [i for i in reports if i.agency.endswith("镇人民政府")],
                       "部门": [i for i in reports if i.agency != self.gov and not i.agency.endswith("镇人民政府")]}
            main.items = [i for i in reports if i.agency == self.gov]
            for body, items in by_body.items():
                if items:
                    sub = self._column(rng, rng.choice(BODY_NAMES[body]), items)
                    (main.subcolumns if layout == "bodies_below" else columns).append(sub)
        report_columns = [c for c in self._all_columns(columns) if c.items]
        for item in distractors[len(moved):]:                # look-alikes inside the report columns
            rng.choice(report_columns).items.append(item)
        for column in report_columns:
            column.items.sort(key=lambda i: (i.published, i.id), reverse=True)
        for n, name in enumerate(rng.sample(DISTRACTOR_COLUMNS, 2)):
            columns.append(self._column(rng, name, moved[n::2]))
        rng.shuffle(columns)
        return columns

    def _all_columns(self, columns: list[Column] | None = None) -> list[Column]:
        found = []
        for column in columns if columns is not None else self.columns:
            found += [column] + self._all_columns(column.subcolumns)
        return found

    def _draw_portal(self, rng: random.Random) -> None:
        """Home -> (portal -> (inner page ->)) columns, with side pages beside."""
        links = [(c.name, c.path) for c in self.columns]
        boxes = []
        if self.plan["depth"] and self.plan["column_links"] == "more":   # 更多>> beside each column's heading
            links, boxes = [], links
        self.portal_pages: dict[str, tuple[str, list[tuple[str, str]], list[tuple[str, str]]]] = {}
        for level in range(self.plan["depth"], 0, -1):
            name = rng.choice(INNER_NAMES if level == 2 else PORTAL_NAMES)
            number = self._numbers.pop()
            path = self._address(rng, number)
            sides = [(text, self._address(rng, self._numbers.pop())) for text in rng.sample(SIDE_PAGES, 3)]
            self.portal_pages.update((path, (text, [], [])) for text, path in sides)
            page_links = links + sides
            rng.shuffle(page_links)
            self.portal_pages[path] = (name, page_links, boxes)
            links, boxes = [(name, path)], []
        self.channel_path = links[0][1]
        self.nav = [("首页", "/")] + (links if self.plan["links_in"] == "menu" else []) + [("互动交流", "/hdjl/")]
        self.home_links = links if self.plan["links_in"] == "body" else []

    # --- addresses of items -----------------------------------------------------------
    def detail_path(self, item: Item) -> str:
        column, d = self.column_of[item.id], item.published
        if self.cms == "trs":
            return f"{column.path}{d:%Y%m}/t{d:%Y%m%d}_{item.id}.html"
        if self.cms == "hanweb":
            return f"/art/{d.year}/{d.month}/{d.day}/art_{column.number}_{item.id}.html"
        if self.cms == "api":
            return f"/content/{column.number}/{item.id}.html"
        return f"/html/{d:%Y}/{d:%m%d}/{item.id}.html"

    def file_path(self, item: Item, ext: str) -> str:
        return f"/uploads/{item.published:%Y%m}/P0{item.published:%Y%m%d}{item.id:09d}{ext}"

    def frame_path(self, item: Item) -> str:
        return f"/uploads/{item.published:%Y%m}/W0{item.published:%Y%m%d}{item.id:09d}.html"

    # --- serving ------------------------------------------------------------------------
    def _route(self) -> None:
        self.route(r"/(index\.html?)?", lambda r: self.page("home.html"))
        self.route(r"/hdjl/", lambda r: self.page("portal.html", portal_name="互动交流", links=[]))
        self.route(r"/uploads/\d{6}/P0\d{8}(?P<item_id>\d{9})(?P<ext>\.\w+)",
                   lambda r, item_id, ext: self.file_response(self.item(item_id), ext))
        self.route(r"/uploads/\d{6}/W0\d{8}(?P<item_id>\d{9})\.html",
                   lambda r, item_id: self.frame_response(self.item(item_id)))
        self.route(r"/generic2/web/viewer\.html", lambda r: self.page("viewer.html"))
        self.route(r"/module/web/jpage/dataproxy\.jsp", self.proxy, methods=("POST",))
        self.route(r"/api/content/list", self.api)
        self.route(r".*", self.any_page)

    def any_page(self, request: Request) -> Response:
        """Portal pages, column pages and detail pages, found by address."""
        target = request.path + (f"?id={request.query['id']}" if "id" in request.query else "")
        if target in self.portal_pages:
            name, links, boxes = self.portal_pages[target]
            return self.page("portal.html", portal_name=name, links=links, boxes=boxes)
        for column in self._all_columns():
            if self.cms == "trs" and request.path.startswith(column.path):
                rest = request.path.removeprefix(column.path)
                if rest in ("", "index.html") or rest.startswith("index_"):
                    number = rest.removeprefix("index_").removesuffix(".html")
                    return self.list_page(column, int(number) + 1 if number.isdigit() else 1)
            elif target == column.path:
                return self.list_page(column, int(request.query.get("page", "1")))
        for item in self.items:
            if self.detail_path(item) == request.path:
                view = ColumnView(self, self.column_of[item.id])
                return self.page("detail.html", site=view, item=item, article=self.article(item))
        return error(404, "您访问的页面不存在")

    def list_page(self, column: Column, page: int) -> Response:
        view = ColumnView(self, column)
        pages = max(1, -(-len(column.items) // column.per_page))
        if not 1 <= page <= pages:
            return error(404)
        items = column.items[(page - 1) * column.per_page: page * column.per_page]
        if self.cms == "trs":
            return self.page("trs_list.html", site=view, items=items, page=page - 1, count=pages)
        if self.cms == "hanweb":
            first = column.items[: column.per_page * self.group_size]
            store = self.render("hanweb_datastore.xml", site=view, items=first,
                                total=len(column.items) if self.hanweb_total else None, pages=pages)
            return self.page("hanweb_column.html", site=view, datastore=store,
                             total=len(column.items) if self.hanweb_total else None)
        if self.cms == "api":
            return self.page("browser_list.html", site=view)
        return self.page("plain_list.html", site=view, items=items, page=page, count=pages, total=len(column.items),
                         declared_charset="utf-8")

    def render(self, template: str, **context) -> str:
        from .base import TEMPLATES

        context.setdefault("site", self)
        return TEMPLATES.get_template(template).render(**context)

    def _column_numbered(self, number: str | None) -> Column | None:
        return next((c for c in self._all_columns() if str(c.number) == number), None)

    def proxy(self, request: Request) -> Response:
        """Hanweb's dataproxy: records startrecord..endrecord of the column the form names."""
        column = self._column_numbered(request.form.get("columnid"))
        start = int(request.query.get("startrecord", "1"))
        end = int(request.query.get("endrecord", str(start)))
        items = column.items[start - 1: end] if column else []
        view = ColumnView(self, column) if column else self
        total = len(column.items) if column and self.hanweb_total else None
        xml = self.render("hanweb_datastore.xml", site=view, items=items, total=total, pages=0)
        return Response(body=xml.encode(), content_type="text/xml;charset=UTF-8")

    def api(self, request: Request) -> Response:
        column = self._column_numbered(request.query.get("channelId"))
        page, size = int(request.query.get("pageNo", "1")), int(request.query.get("pageSize", "10"))
        rows = column.items[(page - 1) * size: page * size] if column else []
        data = {"list": [{"id": i.id, "title": i.title, "url": self.detail_path(i), "publishTime": str(i.published)}
                         for i in rows]}
        if self.api_count and column:
            data.update(total=len(column.items), pages=-(-len(column.items) // size))
        body = json.dumps({"code": 200, "data": data}, ensure_ascii=False).encode()
        return Response(body=body, content_type="application/json;charset=UTF-8")

    def file_response(self, item: Item | None, ext: str) -> Response:
        response = super().file_response(item, ext)
        if response.status == 200 and item is not None:
            response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(item.title + ext)}"
        return response
