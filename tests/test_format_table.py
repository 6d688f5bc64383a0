"""The format table (parsers/readers/formats.py) is the one place a format is
described: the sniffer, the readers' dispatch, the crawler's attachment
recognition and file names, the mock web and Datasette all answer from it."""

import asyncio
import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from crawler.filters import attachment_extension
from crawler.spiders.base import filename_for
from crawler.zipmembers import zip_members
from parsers.readers import _READERS, read_document
from parsers.readers.formats import ATTACHMENT_EXTENSIONS, FORMATS, content_type_for, extension_for, extension_format

FILES = Path(__file__).parent / "files" / "readers"


def test_every_reader_the_table_names_exists():
    assert {f.reader for f in FORMATS if f.reader} <= set(_READERS) | {"html", "office"}


@pytest.mark.parametrize("row", FORMATS, ids=[f.name for f in FORMATS])
def test_each_row_agrees_with_itself(row):
    for content_type, extension in row.content_types:
        assert extension in row.extensions and extension_for(f"{content_type}; charset=utf-8") == extension
    for extension in row.extensions:
        assert extension_format(f"报告{extension.upper()}") == (row.name if row.reader else None)
        assert content_type_for(f"a{extension}") == content_type_for(extension) == row.content_type


@pytest.mark.parametrize("extension", ATTACHMENT_EXTENSIONS)
def test_the_crawler_downloads_every_attachment_ending(extension):
    assert attachment_extension(f"http://gov.example/files/P0201{extension}") == extension
    assert attachment_extension("http://gov.example/down.jsp?id=1&filename=年度报告" + extension) == extension


@pytest.mark.parametrize("page", ["http://gov.example/art/2024/1/2/a.html", "http://gov.example/a.shtml",
                                  "http://gov.example/readme.txt"])
def test_pages_and_text_are_not_attachments(page):
    assert attachment_extension(page) is None


def test_a_served_file_is_named_by_its_content_type():
    name = filename_for("http://gov.example/download?id=7", "application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.document; charset=binary")
    assert name == "download.docx"
    assert read_document((FILES / "ruled.docx").read_bytes(), name).format == "docx"


def test_zip_members_in_every_readable_attachment_format_are_kept():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("报告.rtf", "报告.odt", "说明.txt", "inner.zip"):
            archive.writestr(name, b"x")
    found = zip_members(buffer.getvalue())
    assert [name for name, _ in found.members] == ["报告.rtf", "报告.odt"]


def test_datasette_serves_an_original_with_the_content_type_of_its_format(tmp_path, fresh_db, archive_path):
    """A document recorded without a content type (a file ingested from disk
    before the type was kept) is served as what its stored name says."""
    from archive.originals import ContentStore
    from archive.serve import build_datasette

    data = (FILES / "ruled.pdf").read_bytes()
    sha256, stored = ContentStore(tmp_path / "data").put(data, ".pdf")
    fresh_db["documents"].insert({"sha256": sha256, "url": "file:///ruled.pdf", "content_type": None,
                                  "size": len(data), "stored_path": stored})
    fresh_db.close()
    ds = build_datasette(archive_path, tmp_path / "data")
    response = asyncio.run(ds.client.get(f"/-/originals/{sha256}"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(response.content).hexdigest() == sha256
