"""Plain old-CMS sites with ordinary ``下一页`` links: the GBK site, whose
pages are GBK bytes that declare charset=utf-8 (or nothing at all), and the
瑞数-style JavaScript-challenge sites built on the same pages."""

from __future__ import annotations

import random
import string
from urllib.parse import unquote

from .base import MockSite
from .catalog import Item
from .server import Request, Response, error, html

LIST = "/html/xxgk/ndbg/"


class PlainSite(MockSite):
    """Home, 政务公开 page, a paged list, and detail pages with the report in the body."""

    cms = "generic"
    column_name = "信息公开年报"
    report_link_texts = ("信息公开年报",)
    deliveries = ("html", "html_flat", "html_rows")
    body_attrs = 'class="content" id="content"'
    declared_charset = "utf-8"
    channel_path = "/html/xxgk/index.html"
    list_path = LIST + "index.html"
    per_page = 10

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.nav = [("网站首页", "/"), ("政府信息公开", self.channel_path)]
        self.home_links = [("政府信息公开", self.channel_path)]
        self.route(r"/(index\.html?)?", lambda r: self.send(self.render("home.html")))
        self.route(r"/html/xxgk/index\.html", lambda r: self.send(self.render("channel.html")))
        self.route(LIST + r"(index|list_(?P<n>\d+))\.html", self.list_page)
        self.route(LIST + r"\d{4}/\d{4}/(?P<item_id>\d+)\.html", self.detail)

    def send(self, text: str) -> Response:
        return html(text)

    def page(self, template: str, **context) -> Response:
        return self.send(self.render(template, **context))

    def page_path(self, page: int) -> str:
        return self.list_path if page == 1 else f"{LIST}list_{page}.html"

    def detail_path(self, item: Item) -> str:
        return f"{LIST}{item.published:%Y}/{item.published:%m%d}/{item.id}.html"

    def list_page(self, request: Request, n: str | None = None) -> Response:
        page, count = int(n or 1), -(-len(self.items) // self.per_page)
        if not 1 <= page <= count:
            return error(404)
        items = self.items[(page - 1) * self.per_page: page * self.per_page]
        return self.page("plain_list.html", items=items, page=page, count=count, total=len(self.items),
                         declared_charset=None)


class GbkSite(PlainSite):
    """Every page is GBK bytes; the HTTP header names no charset, list pages
    declare none and detail pages wrongly declare utf-8."""

    name = "gbk"
    domain = "www.shimen.gov.cn"

    def send(self, text: str) -> Response:
        return Response(body=text.encode("gbk", "xmlcharrefreplace"), content_type="text/html")


CHALLENGE_COOKIE = "FSSBBIl1UgzbN7N80T"  # the JavaScript-computed cookie of 瑞数 (Riversafe)
SESSION_COOKIE = "FSSBBIl1UgzbN7N80S"


def solve(token: str) -> str:
    """What the challenge script computes from the token (a browser runs it)."""
    return "".join(chr(ord(c) ^ 7) for c in reversed(token))


class ChallengeSite(PlainSite):
    """Answers HTTP 412 with a ``$_ts`` script until the visitor presents the
    cookie that script computes and sets; then serves normal pages."""

    name = "challenge"
    domain = "www.linjiang.gov.cn"
    refuses = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        rng = random.Random(self.site_code)
        self.token = "".join(rng.choices(string.ascii_letters + string.digits, k=32))

    def respond(self, request: Request) -> Response:
        cookie = unquote(request.cookies.get(CHALLENGE_COOKIE, ""))
        if request.path == "/robots.txt" or (not self.refuses and cookie == solve(self.token)):
            return super().respond(request)
        page = self.render("challenge.html", token=self.token, cookie=CHALLENGE_COOKIE)
        response = html(page, 412)
        response.headers["Set-Cookie"] = f"{SESSION_COOKIE}=5{self.token[:12]}; Path=/; HttpOnly"
        return response


class RefusingSite(ChallengeSite):
    """The same challenge, but no answer is ever accepted: a crawl must call
    this site blocked, never empty."""

    name = "refusing"
    domain = "www.wanghai.gov.cn"
    refuses = True

    def traps(self) -> list[dict]:
        return [{"site": self.name, "kind": "blocked", "url": self.base_url + "/", "title": "412 forever"}]
