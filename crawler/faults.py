"""Why a fetch failed, in the words of the crawl summary: each failure a
request's errback sees is one kind of fault with a reason a person can act on.

    kind, reason = classify(failure)     # ("server_error", "HTTP 500 at http://…/")

Kinds: ``robots`` (robots.txt disallows it), ``unreachable`` (refused, reset,
timed out, no such host), ``server_error`` (HTTP 5xx), ``http_error`` (other
HTTP errors: 404 …), ``redirect_loop`` (more redirects than REDIRECT_MAX_TIMES),
``too_large`` (larger than DOWNLOAD_MAXSIZE, or a zip member past its limit),
``error`` (anything else). Requests dropped by the crawl itself (out of
scope, a JavaScript challenge) are no fault of the site: ``None``.

``RedirectLoopMiddleware`` names a redirect back to a URL of its own chain
(A -> B -> A), which Scrapy's duplicate filter would otherwise drop in silence."""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Spider
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

KINDS = ("robots", "unreachable", "server_error", "http_error", "redirect_loop", "too_large", "error")



class RedirectLoop(IgnoreRequest):
    """A redirect to a URL its chain has already been through."""


class RedirectLoopMiddleware:
    """Before RedirectMiddleware: a 3xx whose Location is the request's own
    URL or one it was redirected from is a loop, refused as ``RedirectLoop``."""

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            target = urljoin(request.url, location.decode("latin-1").strip())
            chain = [*request.meta.get("redirect_urls", []), request.url]
            if target in chain:
                raise RedirectLoop(f"redirect loop: {' -> '.join(chain + [target])}")
        return response


_TIMEOUTS = (DownloadTimeoutError, net.TimeoutError, net.TCPTimedOutError)
_UNREACHABLE = (
    DownloadConnectionRefusedError, CannotResolveHostError, DownloadFailedError, ResponseDataLossError,
    net.ConnectError, net.ConnectionLost, net.ConnectionDone, net.DNSLookupError, ResponseFailed,
    ResponseNeverReceived,
)


def classify(failure: Failure) -> tuple[str, str] | None:
    """(kind, reason) of a request's failure; None when the crawl itself
    dropped the request (scope, challenge)."""
    url = failure.request.url
    if failure.check(HttpError):
        status = failure.value.response.status
        return ("server_error" if status >= 500 else "http_error"), f"HTTP {status} at {url}"
    if failure.check(IgnoreRequest):
        message = str(failure.value)
        if "robots.txt" in message:
            return "robots", f"robots.txt disallows {url}"
        if failure.check(RedirectLoop):
            return "redirect_loop", message
        if "max redirections" in message:
            hops = failure.request.meta.get("redirect_times", 0)
            return "redirect_loop", f"redirected {hops} times without an answer, last to {url}"
        return None
    if failure.check(DownloadCancelledError) and "max size" in str(failure.value):
        return "too_large", f"{_size_message(str(failure.value))} at {url}"
    if failure.check(*_TIMEOUTS):
        return "unreachable", f"timed out: {url}"
    if failure.check(*_UNREACHABLE):
        return "unreachable", f"{_connection_message(failure)}: {url}"
    return "error", f"{failure.type.__name__}: {failure.getErrorMessage()[:200]} at {url}"


def _size_message(message: str) -> str:
    """Scrapy's "Expected to receive 2147483648 bytes which is larger than
    download max size (209715200) in request <GET …>" in short."""
    words = message.split()
    size = next((w for w in words if w.isdigit()), "?")
    limit = message.rsplit("max size (", 1)[-1].split(")", 1)[0]
    said = "announces" if message.startswith("Expected") else "sent more than"
    return f"the answer {said} {size} bytes, over DOWNLOAD_MAXSIZE ({limit})"


def _connection_message(failure) -> str:
    value = failure.value
    reasons = getattr(value, "reasons", None)  # ResponseFailed / ResponseNeverReceived wrap the real ones
    if reasons:
        value = reasons[0].value
    text = str(value).strip().rstrip(".")
    if "refused" in text.lower():
        return "connection refused"
    if isinstance(value, net.ConnectionLost | net.ConnectionDone) or "lost" in text.lower():
        return "connection reset or closed before an answer"
    return text or type(value).__name__
