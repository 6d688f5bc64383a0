"""The archival pieces on their own: content store, zip members, backoff,
per-site status and exit code."""

import io
import zipfile
from pathlib import Path

import pytest

from archive.originals import ContentStore, sha256_hex
from crawler.backoff import BackoffMiddleware
from crawler.pipelines import zip_members
from crawler.summary import EXIT_OK, EXIT_PARTIAL, EXIT_UNREACHABLE, exit_code, site_status

READERS = Path(__file__).parent / "files" / "readers"


def test_store_is_content_addressed_and_idempotent(tmp_path):
    store = ContentStore(tmp_path)
    data = (READERS / "ruled.docx").read_bytes()
    digest, path = store.put(data, ".DOCX")
    assert digest == sha256_hex(data) and path == f"files/{digest[:2]}/{digest[2:4]}/{digest}.docx"
    assert store.put(data, ".docx") == (digest, path)
    assert store.get(path) == data
    assert len(list(tmp_path.rglob("*.docx"))) == 1 and not list(tmp_path.rglob(".part-*"))


def test_zip_members_with_gbk_names():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ABCDEFGH.docx", (READERS / "ruled.docx").read_bytes())
        archive.writestr("说明.txt", "readme")
        archive.writestr("word_pasted.html", (READERS / "word_pasted.html").read_bytes())
    # as Chinese Windows tools write it: GBK bytes, no UTF-8 flag
    data = buffer.getvalue().replace(b"ABCDEFGH.docx", "年度报告.docx".encode("gbk"))
    members = zip_members(data)
    assert [name for name, _ in members] == ["年度报告.docx"]
    assert members[0][1] == (READERS / "ruled.docx").read_bytes()
    assert zip_members(b"not a zip") == []


def test_backoff_grows_and_is_capped():
    middleware = BackoffMiddleware(base=2.0, cap=10.0)
    assert [middleware.delay(n) for n in range(5)] == [0.0, 2.0, 4.0, 8.0, 10.0]


def counts(**given):
    base = dict.fromkeys(("responses", "lists", "report_links", "documents", "reports", "errors", "challenges",
                          "blocked", "vanished"), 0)
    return {**base, **given}


@pytest.mark.parametrize("given, status", [
    (counts(responses=5, lists=2, reports=3), "ok"),
    (counts(responses=3, lists=1), "ok"),                 # an empty column is still a crawled site
    (counts(challenges=2, blocked=2), "blocked"),         # refused, not empty
    (counts(responses=4), "not_found"),                   # answered, but no report column found
    (counts(errors=3), "failed"),
])
def test_site_status(given, status):
    assert site_status(given) == status


def test_exit_codes():
    assert exit_code({"a": {"status": "ok"}, "b": {"status": "ok"}}) == EXIT_OK
    assert exit_code({"a": {"status": "ok"}, "b": {"status": "blocked"}}) == EXIT_PARTIAL
    assert exit_code({"a": {"status": "failed"}, "b": {"status": "blocked"}}) == EXIT_UNREACHABLE
