"""The answer cache of the immutable archive (datasette/plugins/nianbao_cache.py):
one answer per URL, readers asking at once wait for the same answer, and what
is personal, failed, too large or under ``/-/`` goes straight through."""

import asyncio
import importlib.util
from pathlib import Path

PLUGIN = Path(__file__).resolve().parent.parent / "datasette" / "plugins" / "nianbao_cache.py"
spec = importlib.util.spec_from_file_location("nianbao_cache", PLUGIN)
nianbao_cache = importlib.util.module_from_spec(spec)
spec.loader.exec_module(nianbao_cache)


class App:
    """An ASGI app that counts its calls and answers slowly."""

    def __init__(self, status=200, headers=(), body=b"answer"):
        self.calls = 0
        self.status, self.headers, self.body = status, list(headers), body

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body + scope["path"].encode()})


def request(cache, path="/nianbao/top_refusals", query=b"year=2023", method="GET", cookie=None):
    scope = {"type": "http", "method": method, "path": path, "query_string": query,
             "headers": [(b"cookie", cookie)] if cookie else []}
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    return cache(scope, receive, send), sent


def run(cache, *requests):
    """Send the requests at once; (status, body) of each."""
    calls = [request(cache, **r) for r in requests]

    async def together():
        await asyncio.gather(*(call for call, _ in calls))
    asyncio.run(together())
    return [(sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])) for _, sent in calls]


def test_readers_asking_at_once_cost_one_answer():
    app = App()
    cache = nianbao_cache.ResponseCache(app)
    answers = run(cache, *[{}] * 50)
    assert app.calls == 1 and set(answers) == {(200, b"answer/nianbao/top_refusals")}
    run(cache, {}, {"query": b"year=2022"}, {"method": "HEAD"})
    assert app.calls == 3  # another query string, another method


def test_what_is_not_kept():
    for app, given in [(App(status=400), {}), (App(headers=[(b"set-cookie", b"ds_csrftoken=x")]), {}),
                       (App(body=b"x" * (3 << 20)), {}), (App(), {"path": "/-/originals/ab"}),
                       (App(), {"cookie": b"ds_actor=someone"}), (App(), {"method": "POST"})]:
        cache = nianbao_cache.ResponseCache(app)
        run(cache, given)
        run(cache, given)
        assert app.calls == 2, given


def test_least_recently_used_answers_leave_first():
    app = App(body=b"x" * 1000)
    cache = nianbao_cache.ResponseCache(app, max_bytes=3000)
    for year in (b"1", b"2", b"1", b"3"):  # room for two: 1 was used after 2, so 2 leaves
        run(cache, {"query": year})
    assert app.calls == 3 and cache.size <= 3000
    assert [key[-1] for key in cache.entries] == [b"1", b"3"]
