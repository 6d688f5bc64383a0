"""What every mock government site shares: its column of items, page
templates, robots.txt, images, the article body for each way a report is
delivered (HTML body, attachment, pdf.js viewer, iframe), and the list of
what a crawl should find."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import jinja2

from parsers.readers.formats import content_type_for

from . import content
from .catalog import Item, column
from .server import App, Request, Response, error, html

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("crawler.mocksite", "templates"),
    autoescape=jinja2.select_autoescape(["html", "xml"]),
    trim_blocks=True, lstrip_blocks=True,
)

@dataclass
class Attachment:
    href: str
    text: str


@dataclass
class Article:
    """A detail page's payload: HTML body, attachment links, and where the
    report's own bytes live when they are not in the body."""

    body: str
    attachments: list[Attachment]
    document_path: str | None = None


class MockSite(App):
    """A government site built around one annual-report column."""

    name = "site"
    cms = "generic"
    report_link_texts = ("政府信息公开年报",)
    deliveries: tuple[str, ...] = ("html",)
    sidebar: tuple[tuple[str, str], ...] = ()   # (text, href) links beside a page's content
    robots = "User-agent: *\nDisallow: /search/\n"

    def __init__(self, *, seed: int, gov: str, county: str, reports: int, distractors: int,
                 first_id: int, site_code: str) -> None:
        super().__init__()
        self.gov, self.county, self.site_code = gov, county, site_code
        self.base_url = ""  # set once the server listens
        self.items = column(seed=seed, gov=gov, county=county, reports=reports, distractors=distractors,
                            deliveries=self.deliveries, first_id=first_id)
        self.by_id = {item.id: item for item in self.items}
        self.route(r"/robots\.txt", lambda r: Response(body=self.robots.encode(), content_type="text/plain"))
        self.route(r"/images/.*", self.asset)
        self.route(r"/search/.*", self.search)

    # --- pages -------------------------------------------------------------
    def render(self, template: str, **context) -> str:
        return TEMPLATES.get_template(template).render(site=self, **context)

    def page(self, template: str, **context) -> Response:
        return html(self.render(template, **context))

    def asset(self, request: Request) -> Response:
        if request.path.endswith(".css"):
            return Response(body=b"body{font-family:sans-serif}", content_type="text/css")
        if request.path.endswith(".js"):
            return Response(body=b"/* site script */", content_type="application/javascript")
        return Response(body=content.PNG_1PX, content_type="image/png")

    def search(self, request: Request) -> Response:
        """Search results: disallowed by robots.txt, and endless on real sites."""
        page = int(request.query.get("page", "1"))
        return self.page("search.html", items=self.items[:5], page=page)

    def revise(self, item_id: int) -> Item:
        """Publish a corrected version of a report at the same address (new
        numbers, same agency and year), as sites do after a complaint."""
        old = self.by_id[item_id]
        new = dataclasses.replace(old, seed=old.seed + 7919)
        self.items[self.items.index(old)] = self.by_id[item_id] = new
        return new

    def item(self, item_id: str) -> Item | None:
        return self.by_id.get(int(item_id))

    # --- items -------------------------------------------------------------
    def detail_path(self, item: Item) -> str:
        raise NotImplementedError

    def file_path(self, item: Item, ext: str) -> str:
        raise NotImplementedError

    def frame_path(self, item: Item) -> str:
        raise NotImplementedError

    def article(self, item: Item) -> Article:
        """The detail page's payload for any kind of delivery."""
        if item.kind != "report":
            return Article(content.distractor_body(item), [])
        if item.delivery in content.BODY_SHAPES:
            return Article(content.report_body(item), [])
        if item.delivery == "iframe":
            src = self.frame_path(item)
            return Article(f'<iframe src="{src}" width="100%" height="1600" frameborder="0" scrolling="auto">'
                           "</iframe>", [], src)
        ext = content.extension(item)
        path = self.file_path(item, ext)
        if item.delivery == "viewer":
            viewer = f"/generic2/web/viewer.html?file={path}"
            return Article(f'<div class="pic_con"><iframe class="isofd" src="{viewer}" frameborder="0" '
                           'scrolling="no" width="100%" height="900"></iframe></div>', [], path)
        intro = f'<p style="text-indent: 2em;">现将{item.title}予以公开，详见附件。</p>'
        return Article(intro, [Attachment(path, f"附件：{item.title}{ext}")], path)

    def detail(self, request: Request, item_id: str) -> Response:
        item = self.item(item_id)
        if item is None:
            return error(404, "您访问的页面不存在")
        return self.page("detail.html", item=item, article=self.article(item))

    def file_response(self, item: Item | None, ext: str) -> Response:
        if item is None or item.kind != "report":
            return error(404)
        if content.extension(item) != ext:
            return error(404)
        data, _ = content.report_file(item)
        return Response(body=data, content_type=content_type_for(ext) or "application/octet-stream")

    def frame_response(self, item: Item | None) -> Response:
        if item is None or item.delivery != "iframe":
            return error(404)
        return self.page("frame.html", item=item, body=content.report_body(item))

    # --- what a crawl should find -------------------------------------------
    def traps(self) -> list[dict]:
        """Pages a crawl must survive without storing anything from them."""
        return []

    def expected(self) -> list[dict]:
        found = []
        for item in self.items:
            if item.kind == "trap":
                continue
            entry = {"site": self.name, "kind": item.kind, "title": item.title, "id": item.id,
                     "url": self.base_url + self.detail_path(item), "attachment": None,
                     "agency": item.agency, "year": item.year, "delivery": item.delivery}
            if item.kind == "report":
                path = self.article(item).document_path
                entry["attachment"] = self.base_url + path if path else None
                entry["truth"] = content.expected(item)
            found.append(entry)
        return found
