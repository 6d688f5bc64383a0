"""Parse pages off the event loop: every text response is decoded (with the
encoding that really decodes it) and parsed into its lxml tree in a worker
thread before any spider callback sees it, so that a large page never holds
up the other sites' downloads; the callbacks then read the parsed tree
(``response.selector`` is kept on the response)."""

from __future__ import annotations

import asyncio

from scrapy import Spider
from scrapy.http import Request, Response, TextResponse

from .spiders.base import with_right_encoding


def _parsed(response: TextResponse) -> TextResponse:
    response = with_right_encoding(response)
    response.selector  # noqa: B018 - parsing is the point: the tree is kept on the response
    return response


class ParseInThreadMiddleware:
    """Last of the downloader middlewares on the way back to the spider."""

    async def process_response(self, request: Request, response: Response,
                               spider: Spider | None = None) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        return await asyncio.to_thread(_parsed, response)
