"""The content-addressed store of original files, and WARC record lookup.

Every report page and attachment is kept once, under its sha256, as
``<data-dir>/files/ab/cd/<sha256><ext>``; ``documents.stored_path`` holds
that path relative to the data directory.  Scrapy's FilesPipeline names
files by a hash of the URL; an archive wants the same bytes stored once
whatever URL served them, and changed bytes stored again under the same URL.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

SHA256 = re.compile(r"[0-9a-f]{64}")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ContentStore:
    """The store under one data directory."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    @staticmethod
    def relative_path(sha256: str, ext: str = "") -> str:
        if not SHA256.fullmatch(sha256):
            raise ValueError(f"not a sha256: {sha256!r}")
        return f"files/{sha256[:2]}/{sha256[2:4]}/{sha256}{ext.lower()}"

    def put(self, data: bytes, ext: str = "", sha256: str | None = None) -> tuple[str, str]:
        """Store ``data`` (atomically, once) and return (sha256, path relative
        to the data directory); ``sha256``: the digest when already known."""
        digest = sha256 or sha256_hex(data)
        relative = self.relative_path(digest, ext)
        target = self.root / relative
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        return digest, relative

    def get(self, relative: str) -> bytes | None:
        path = self.root / relative
        return path.read_bytes() if path.is_file() else None


def inside(data_dir: str | Path, relative: str) -> Path:
    """``relative`` resolved under ``data_dir``; ValueError if it leaves it."""
    root = Path(data_dir).resolve()
    path = (root / relative).resolve()
    if root != path and root not in path.parents:
        raise ValueError(f"outside the data directory: {relative!r}")
    return path


def read_warc_record(path: Path, offset: int) -> tuple[dict[str, str], dict[str, str], bytes]:
    """The WARC record starting at ``offset``: its WARC headers, its HTTP
    headers (empty for a resource record) and its payload."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        warc_headers = dict(record.rec_headers.headers)
        http_headers = dict(record.http_headers.headers) if record.http_headers else {}
        return warc_headers, http_headers, record.content_stream().read()
