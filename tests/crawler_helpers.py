"""Helpers for the crawler tests: saved responses as Scrapy responses
(``file_response``), a tiny local web server serving a dict of pages
(``LocalSite``) and running the crawl command in a child process (the Twisted
reactor cannot restart inside the pytest process)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from scrapy.http import HtmlResponse, Request, Response

from nianbao.demo import fast_env

FILES = Path(__file__).parent / "files" / "crawler"
ROOT = Path(__file__).resolve().parent.parent


def file_response(path: str | Path, url: str = "http://www.example.gov.cn/", *, meta: dict | None = None,
                  body: bytes | None = None, request: Request | None = None) -> Response:
    """A saved page as the response the spider would get for ``url``."""
    path = Path(path)
    if not path.is_absolute():
        path = FILES / path
    data = path.read_bytes() if body is None else body
    request = request or Request(url, meta={"site": "example", "kind": "list", "depth": 0, **(meta or {})})
    if path.suffix in (".html", ".htm", ".xml", ".jsp"):
        return HtmlResponse(url=url, body=data, encoding="utf-8", request=request)
    return Response(url=url, body=data, request=request)


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    headers: dict = field(default_factory=dict)


class LocalSite:
    """Serve ``pages`` ({path or path?query: Page | bytes | callable(handler) -> Page})
    on 127.0.0.1 (or another loopback address) and log every request."""

    def __init__(self, pages: dict, host: str = "127.0.0.1"):
        self.pages = pages
        self.log: list[tuple[str, str, dict]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.body = self.rfile.read(length) if length else b""
                site.log.append((self.command, self.path, dict(self.headers)))
                page = site.pages.get(self.path, site.pages.get(self.path.split("?")[0]))
                if callable(page):
                    page = page(self)
                if page is None:
                    page = Page(b"not found", 404)
                if isinstance(page, bytes):
                    page = Page(page)
                self.send_response(page.status)
                headers = {"Content-Type": "text/html; charset=utf-8", **page.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(page.body)))
                # an HTTP/1.0 server closes each connection: say so, or Twisted pools it
                # and a later POST on it fails with ConnectionDone (POSTs are not retried)
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(page.body)

            do_GET = do_POST = _serve

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def requested(self, path: str) -> int:
        return sum(1 for _, p, _ in self.log if p == path)


# On top of the fast profile (politeness off): give up on an error at once, fetch in parallel.
FAST = ["-s", "RETRY_TIMES=1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4"]


def run_crawl_command(args: list[str], tmp_path: Path, *, browser: bool = False, timeout: int = 120,
                      env: dict | None = None) -> tuple[int, dict, str]:
    """``python -m nianbao crawl ARGS --json`` in a child process, with the
    fast settings profile; returns (exit code,
    JSON summary or {}, stderr)."""
    command = [sys.executable, "-m", "nianbao", "crawl", *args, "--db", str(tmp_path / "nianbao.db"),
               "--data-dir", str(tmp_path / "data"), "--json", *FAST]
    if not browser:
        command += ["-s", "NIANBAO_BROWSER_ENABLED=False"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**fast_env(), **(env or {})})
    try:
        summary = json.loads(done.stdout) if done.stdout.strip() else {}
    except json.JSONDecodeError:
        summary = {}
    return done.returncode, summary, done.stderr


def make_spider(*urls: str, settings: dict | None = None):
    """A ReportsSpider for ``urls`` (ad-hoc seeds), bound to a test crawler."""
    from scrapy.utils.test import get_crawler

    import crawler.settings as base
    from crawler.seeds import seed_from_url
    from crawler.spiders.reports import ReportsSpider

    project = {name: getattr(base, name) for name in dir(base) if name.isupper()}
    crawler = get_crawler(ReportsSpider, settings_dict={**project, "NIANBAO_BROWSER_ENABLED": False,
                                                        **(settings or {})})
    spider = ReportsSpider.from_crawler(crawler, seeds=[seed_from_url(u) for u in urls])
    crawler.spider = spider
    return spider
