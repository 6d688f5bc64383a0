"""Lists that only a browser renders: re-request the page through
scrapy-playwright (Chromium), waiting for the network to settle. Slow, so the
spider asks for it only when plain HTML gave no entries, or when the registry
says the site needs it (cms: browser).

While the page renders, ``prepare_page`` notes every fetch/XHR call the page
makes (``response.meta[API_CALLS]``): the list's own JSON API is among them,
and ``cms.api`` pages through it with plain requests, which is cheaper and
surer than clicking a JavaScript pager. It keeps the cookies the browser sent
with its last navigation (``response.meta[BROWSER_COOKIES]``: after a
challenge script ran, the ones that passed it). It also stops a page that reloads
itself without end (a challenge that never lets go) after ``MAX_RELOADS``, so
that the site is found blocked at once rather than at the navigation timeout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.http import Request

if TYPE_CHECKING:
    from playwright.async_api import Page, Route
    from playwright.async_api import Request as BrowserRequest

NAME = "browser"
API_CALLS = "nianbao_api_calls"
BROWSER_COOKIES = "nianbao_browser_cookies"  # sent with the page's last navigation
MAX_RELOADS = 8
_CALL_TYPES = ("xhr", "fetch")


def render_request(url: str, **kwargs) -> Request:
    meta = kwargs.pop("meta", {})
    meta.update(playwright=True, playwright_page_goto_kwargs={"wait_until": "networkidle"},
                playwright_page_init_callback=f"{__name__}.prepare_page")
    return Request(url, meta=meta, dont_filter=True, **kwargs)


def is_rendered(request: Request) -> bool:
    return bool(request.meta.get("playwright"))


def api_call(request: BrowserRequest) -> dict | None:
    """A Playwright request as a replayable call, if the page's script made it."""
    if request.resource_type not in _CALL_TYPES or request.method not in ("GET", "POST"):
        return None
    try:
        body = request.post_data or ""
    except UnicodeDecodeError:  # a binary upload is no list query
        return None
    return {"url": request.url, "method": request.method, "body": body, "headers": dict(request.headers)}


async def prepare_page(page: Page, request: Request) -> None:
    """scrapy-playwright's page init callback: record the page's API calls and
    its navigations' cookies into the Scrapy request's meta, and abort reloads
    beyond ``MAX_RELOADS``."""
    calls = request.meta.setdefault(API_CALLS, [])
    navigations = 0

    def record(pw_request: BrowserRequest) -> None:
        call = api_call(pw_request)
        if call and call not in calls:
            calls.append(call)

    async def limit_reloads(route: Route) -> None:
        nonlocal navigations
        pw_request = route.request
        if pw_request.is_navigation_request() and pw_request.frame == page.main_frame:
            navigations += 1
            if navigations > MAX_RELOADS:
                await route.abort("aborted")  # the page stays on what it last showed
                return
            cookies = await page.context.cookies(pw_request.url)
            request.meta[BROWSER_COOKIES] = {c["name"]: c["value"] for c in cookies}
        await route.fallback()

    page.on("request", record)
    await page.route("**", limit_reloads)
