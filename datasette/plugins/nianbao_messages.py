"""Datasette's ``/-/messages`` debug page lets anyone set a message cookie,
and a POST with an unknown ``message_type`` ended in an assertion (HTTP 500).
A read-only public archive has no messages to debug: the page is not offered
(404 for GET and POST alike, before Datasette's own route)."""

from __future__ import annotations

from datasette.utils.asgi import NotFound

from datasette import hookimpl


async def no_messages_page(request):
    raise NotFound("this archive has no messages page")


@hookimpl
def register_routes():
    return [(r"^/-/messages$", no_messages_page)]
