"""Answers of the archive kept in memory: the database is served immutable,
so a page or a stored query's answer for one URL never changes while the
server runs. The first request for a URL is answered by Datasette and kept
(up to ``MAX_ENTRY_BYTES`` an answer, ``MAX_BYTES`` in all, least recently
used first out); requests for the same URL that arrive meanwhile wait for
that one answer instead of running the same query again, so 200 readers
asking at once cost one query, not 200 queued on two cores.

Kept: GET and HEAD answers with status 200 that set no cookie, for paths
outside ``/-/`` (originals, WARC records, static files and debug pages go
straight through), from readers who are not signed in and have no messages
pending (``ds_actor`` / ``ds_messages`` cookies)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from datasette import hookimpl

MAX_ENTRY_BYTES = 2 * 1024 * 1024
MAX_BYTES = 64 * 1024 * 1024
_PERSONAL_COOKIES = (b"ds_actor=", b"ds_messages=")


def cache_key(scope) -> tuple | None:
    """What identifies an answer that may be kept, or None."""
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or scope["path"].startswith("/-/"):
        return None
    cookies = b"; ".join(value for name, value in scope.get("headers", []) if name == b"cookie")
    if any(cookie in cookies for cookie in _PERSONAL_COOKIES):
        return None
    return scope["method"], scope.get("root_path", ""), scope["path"], scope.get("query_string", b"")


class ResponseCache:
    """ASGI middleware around Datasette (see the module's docstring)."""

    def __init__(self, app, max_bytes: int = MAX_BYTES, max_entry_bytes: int = MAX_ENTRY_BYTES) -> None:
        self.app = app
        self.max_bytes, self.max_entry_bytes = max_bytes, max_entry_bytes
        self.entries: OrderedDict[tuple, tuple[dict, bytes]] = OrderedDict()
        self.size = 0
        self.pending: dict[tuple, asyncio.Future] = {}

    async def __call__(self, scope, receive, send) -> None:
        key = cache_key(scope)
        if key is None:
            return await self.app(scope, receive, send)
        if key not in self.entries and key in self.pending:
            await asyncio.shield(self.pending[key])
        if key in self.entries:
            self.entries.move_to_end(key)
            start, body = self.entries[key]
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        future = self.pending[key] = asyncio.get_running_loop().create_future()
        try:
            await self._answer_and_keep(key, scope, receive, send)
        finally:
            del self.pending[key]
            future.set_result(None)

    async def _answer_and_keep(self, key, scope, receive, send) -> None:
        start: dict = {}
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message) -> None:
            nonlocal size, keep, start
            if message["type"] == "http.response.start":
                start = message
                headers = [name.lower() for name, _ in message.get("headers", [])]
                keep = message["status"] == 200 and b"set-cookie" not in headers
            elif message["type"] == "http.response.body" and keep:
                size += len(message.get("body", b""))
                keep = size <= self.max_entry_bytes
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        if keep and start:
            self._keep(key, start, b"".join(chunks))

    def _keep(self, key, start: dict, body: bytes) -> None:
        self.entries[key] = (start, body)
        self.size += len(body)
        while self.size > self.max_bytes and self.entries:
            _, (_, dropped) = self.entries.popitem(last=False)
            self.size -= len(dropped)


@hookimpl
def asgi_wrapper(datasette):
    return ResponseCache
