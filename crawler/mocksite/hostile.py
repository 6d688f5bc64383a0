"""A hostile web on 127.0.0.1: one site per fault a crawl of thousands of
government sites meets, each on its own port, and what the crawl summary must
call each of them.

    with HostileWeb() as web:
        web.urls["zip_bomb"]      # http://127.0.0.1:40123/
        web.EXPECTED["zip_bomb"]  # "too_large"

Sites: ``reset`` (the connection is reset), ``slow`` (accepts, never
answers), ``server_error`` (HTTP 500 for every page), ``redirect_loop``,
``too_large`` (a home page announcing 2 GiB), ``robots`` (robots.txt
disallows everything), ``big_list`` (a report column of 100,000 links, two of
them reports), ``zip_bomb`` (a report whose only document is a zip with a
member decompressing to 1 GiB), and ``ok`` (a plain site with two reports).
``python -m crawler.mocksite.hostile`` serves them until Ctrl-C."""

from __future__ import annotations

import functools
import io
import os
import socket
import socketserver
import struct
import threading
import zipfile

from parsers.samples import make_truth, render

from .content import CACHE_DIR
from .server import App, Request, Response, RunningSite, SiteGroup, error, html, redirect, serve_in_background
from .trs import HUGE_SIZE, zeros

COLUMN = "/xxgk/zfxxgknb/"
BOMB_MEMBER = "2023年度政府信息公开工作年度报告.pdf"


def report_page(seed: int, year: int) -> str:
    """A report page with its tables in the body, as a CMS serves it."""
    data, _ = render(make_truth(seed, agency="望江县人民政府", year=year), "html")
    return data.decode("utf-8")


def column_page(links: list[tuple[str, str]]) -> str:
    rows = "".join(f'<li><a href="{href}">{title}</a><span>2024-01-20</span></li>' for href, title in links)
    return (f'<html><head><meta name="ColumnName" content="政府信息公开年报"></head>'
            f"<body><ul>{rows}</ul></body></html>")


HOME = html('<html><body><a href="' + COLUMN + '">政府信息公开年报</a></body></html>')
def report_links(years) -> list[tuple[str, str]]:
    return [(f"{COLUMN}t20240120_{year}.html", f"望江县人民政府{year}年度政府信息公开工作年度报告") for year in years]


REPORTS = report_links((2022, 2023))


@functools.cache
def zip_bomb(member_bytes: int) -> bytes:
    """A zip of about member_bytes / 1000 bytes whose one member (a "PDF")
    decompresses to ``member_bytes`` zeros, sizes declared truthfully; kept in
    the mock sites' disk cache (deflating 1 GiB takes seconds)."""
    path = CACHE_DIR / f"zip-bomb-{member_bytes}.zip"
    if path.exists():
        return path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open(BOMB_MEMBER, "w", force_zip64=True) as member:
            for chunk in zeros(member_bytes, 1 << 20):
                member.write(chunk)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(f".part-{os.getpid()}")
    part.write_bytes(buffer.getvalue())
    part.replace(path)
    return buffer.getvalue()


class PlainSite(App):
    """A home page, a report column and its report pages; subclasses spoil one thing."""

    name = "ok"
    robots = error(404)

    def __init__(self, links: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        self.links = links or REPORTS
        self.route("/", lambda request: HOME)
        self.route("/robots.txt", lambda request: self.robots)
        self.route(COLUMN, lambda request: html(column_page(self.links)))
        self.route(COLUMN + r"t20240120_(?P<year>\d{4})\.html", self.report)

    def report(self, request: Request, year: str) -> Response:
        return html(report_page(int(year), int(year)))


class BigListSite(PlainSite):
    name = "big_list"

    def __init__(self, links: int) -> None:
        notices = [(f"/xxgk/tzgg/t2024_{i}.html", f"关于开展第{i}批专项检查工作的通知") for i in range(links - 2)]
        super().__init__(report_links((2020, 2021)) + notices)  # reports of their own, not the plain site's


class ZipBombSite(PlainSite):
    name = "zip_bomb"

    def __init__(self, member_bytes: int) -> None:
        super().__init__(REPORTS[1:])
        self.member_bytes = member_bytes
        self.route(COLUMN + "P020240120.zip", self.bomb)

    def report(self, request: Request, year: str) -> Response:
        return html('<html><head><meta name="ArticleTitle" content="望江县人民政府2023年度政府信息公开工作年度报告">'
                    '</head><body><div class="TRS_Editor"><p>详见附件。</p>'
                    f'<a href="{COLUMN}P020240120.zip">附件：年度报告.zip</a></div></body></html>')

    def bomb(self, request: Request) -> Response:
        return Response(200, zip_bomb(self.member_bytes), "application/zip")


class ServerErrorSite(PlainSite):
    name = "server_error"

    def respond(self, request: Request) -> Response:
        return error(404) if request.path == "/robots.txt" else error(500, "Internal Server Error")


class RedirectLoopSite(PlainSite):
    name = "redirect_loop"

    def respond(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return error(404)
        return redirect("/index.jsp" if request.path == "/" else "/")


class TooLargeSite(PlainSite):
    name = "too_large"

    def respond(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return error(404)
        return Response(200, zeros(HUGE_SIZE), "text/html; charset=utf-8", length=HUGE_SIZE)


class RobotsSite(PlainSite):
    name = "robots"
    robots = Response(200, b"User-agent: *\nDisallow: /\n", "text/plain")


class _RawServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class RawSite:
    """A TCP server on 127.0.0.1 that never answers HTTP: ``reset`` resets
    each connection once the request is in, ``slow`` holds it open, silent,
    until the site is closed."""

    def __init__(self, fault: str) -> None:
        closed = self.closed = threading.Event()

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.recv(65536)
                if fault == "reset":
                    self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.request.close()
                else:
                    closed.wait()

        self.server = _RawServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = serve_in_background(self.server, f"hostile-{fault}")

    def close(self) -> None:
        self.closed.set()
        self.server.shutdown()
        self.server.server_close()


class HostileWeb(SiteGroup):
    """Every hostile site started for the ``with`` block; ``urls`` are their
    home pages, ``EXPECTED`` the status the crawl summary must give each."""

    EXPECTED = {
        "ok": "ok", "big_list": "ok", "zip_bomb": "too_large", "too_large": "too_large",
        "redirect_loop": "redirect_loop", "server_error": "server_error", "robots": "disallowed",
        "reset": "unreachable", "slow": "unreachable",
    }

    def __init__(self, *, list_links: int = 100_000, bomb_bytes: int = 1 << 30) -> None:
        super().__init__()
        zip_bomb(bomb_bytes)  # made before any site answers: deflating 1 GiB takes seconds
        self.apps = [PlainSite(), BigListSite(list_links), ZipBombSite(bomb_bytes), TooLargeSite(),
                     RedirectLoopSite(), ServerErrorSite(), RobotsSite()]
        self.urls: dict[str, str] = {}

    def start(self) -> None:
        for app in self.apps:
            self.running[app.name] = RunningSite(app)
        for fault in ("reset", "slow"):
            self.running[fault] = RawSite(fault)
        self.urls = {name: site.url + "/" for name, site in self.running.items()}


def main() -> None:
    with HostileWeb() as web:
        for name, url in web.urls.items():
            print(f"{name:14} {url:32} expected: {web.EXPECTED[name]}", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
