"""Content-addressed file store: every report page and attachment is kept once,
under its sha256, in ``<data-dir>/files/ab/cd/<sha256><ext>``.

Scrapy's FilesPipeline names files by a hash of the URL; an archive wants the
same bytes stored once whatever URL served them, and changed bytes stored
again even when the URL did not change."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ContentStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def relative_path(self, sha256: str, ext: str = "") -> str:
        return f"files/{sha256[:2]}/{sha256[2:4]}/{sha256}{ext.lower()}"

    def put(self, data: bytes, ext: str = "") -> tuple[str, str]:
        """Store ``data`` (atomically, once) and return (sha256, path relative
        to the data directory)."""
        digest = sha256_hex(data)
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
