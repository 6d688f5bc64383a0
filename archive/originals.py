"""The content-addressed store of original files: ``<data-dir>/<sha256[:2]>/<sha256>``
(the layout the crawler writes), and WARC record lookup by file and offset."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

SHA256 = re.compile(r"[0-9a-f]{64}")


def store_path(data_dir: str | Path, sha256: str) -> Path:
    if not SHA256.fullmatch(sha256):
        raise ValueError(f"not a sha256: {sha256!r}")
    return Path(data_dir) / sha256[:2] / sha256


def store(data_dir: str | Path, data: bytes) -> tuple[str, Path]:
    """Keep ``data`` in the store (once); return its sha256 and path."""
    sha256 = hashlib.sha256(data).hexdigest()
    path = store_path(data_dir, sha256)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    return sha256, path


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
