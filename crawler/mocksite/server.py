"""HTTP plumbing for the mock sites: requests and responses, a regex router,
a log of every hit, and one threaded stdlib server per site on 127.0.0.x.

Bodies may be iterables of bytes: they are streamed with a declared
Content-Length and stop as soon as the client goes away, so a 2 GiB download
never sits in memory."""

from __future__ import annotations

import re
import socketserver
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol, Self
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Request:
    method: str
    target: str  # path and query as sent
    path: str
    query: dict[str, str]
    form: dict[str, str]
    headers: Message
    cookies: dict[str, str]


@dataclass
class Response:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    length: int | None = None  # required when body is an iterable


def html(text: str, status: int = 200, *, encoding: str = "utf-8", declare: bool = True) -> Response:
    """An HTML page; ``declare=False`` leaves the charset out of the header,
    as many old government servers do."""
    content_type = f"text/html; charset={encoding}" if declare else "text/html"
    return Response(status, text.encode(encoding), content_type)


def redirect(location: str, status: int = 302) -> Response:
    return Response(status, b"", None, {"Location": location})


def error(status: int, text: str = "") -> Response:
    return html(f"<html><body><h1>{status}</h1><p>{text}</p></body></html>", status)


@dataclass
class Hit:
    """One request a site answered, for tests: what came in, what went out."""

    method: str
    target: str
    status: int
    sent: int = 0  # body bytes written before the client stopped reading
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[..., Response]


class App:
    """A site: (methods, regex) routes to handlers, and the log of its hits.
    Handlers take the request and the regex's named groups."""

    name = "site"

    def __init__(self) -> None:
        self.routes: list[tuple[tuple[str, ...], re.Pattern, Handler]] = []
        self.log: list[Hit] = []

    def route(self, pattern: str, handler: Handler, methods: tuple[str, ...] = ("GET",)) -> None:
        self.routes.append((methods, re.compile(pattern + r"\Z"), handler))

    def respond(self, request: Request) -> Response:
        allowed = False
        for methods, pattern, handler in self.routes:
            match = pattern.match(request.path)
            if not match:
                continue
            if request.method not in methods and not (request.method == "HEAD" and "GET" in methods):
                allowed = True
                continue
            return handler(request, **match.groupdict())
        return error(405, "method not allowed") if allowed else error(404, "页面不存在")

    def hits(self, needle: str = "") -> list[Hit]:
        return [h for h in self.log if needle in h.target]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_HEAD = do_GET

    def log_message(self, format: str, *args) -> None:  # quiet: the App keeps the log
        pass

    def _serve(self) -> None:
        app: App = self.server.app  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        cookies = SimpleCookie()
        cookies.load(self.headers.get("Cookie", ""))
        request = Request(
            method=self.command,
            target=self.path,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            form=dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True)),
            headers=self.headers,
            cookies={k: v.value for k, v in cookies.items()},
        )
        try:
            response = app.respond(request)
        except Exception as exc:  # a handler bug shows as a 500, like a real CMS
            response = error(500, f"{type(exc).__name__}: {exc}")
        hit = Hit(self.command, self.path, response.status, headers=dict(self.headers.items()))
        app.log.append(hit)
        self._write(response, hit)

    def _write(self, response: Response, hit: Hit) -> None:
        body = response.body
        size = len(body) if isinstance(body, bytes) else response.length
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        if self.command == "HEAD":
            return
        chunks = [body] if isinstance(body, bytes) else body
        try:
            for chunk in chunks:
                self.wfile.write(chunk)
                hit.sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that went away is no error
            super().handle_error(request, client_address)


def serve_in_background(server: socketserver.BaseServer, name: str) -> threading.Thread:
    """Start ``server`` answering in a daemon thread (stopped by ``server.shutdown()``)."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=name, daemon=True)
    thread.start()
    return thread


class RunningSite:
    """One App listening on host:port in a daemon thread."""

    def __init__(self, app: App, host: str = "127.0.0.1") -> None:
        self.app = app
        self.server = _Server((host, 0), _Handler)
        self.server.app = app  # type: ignore[attr-defined]
        self.host, self.port = self.server.server_address[:2]
        self.url = f"http://{self.host}:{self.port}"
        self.thread = serve_in_background(self.server, f"mocksite-{app.name}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Listening(Protocol):
    """A site answering on ``url`` until ``close()``: a RunningSite, or a raw socket server."""

    url: str

    def close(self) -> None: ...


class SiteGroup:
    """Sites started together for a ``with`` block: ``start`` puts them in
    ``running`` (by name); when one fails to start, those already running are
    closed; leaving the block closes them all."""

    def __init__(self) -> None:
        self.running: dict[str, Listening] = {}

    def start(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for site in self.running.values():
            site.close()
        self.running.clear()
