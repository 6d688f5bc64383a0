"""ZIP packages (DOCX, XLSX, ODT, OFD, ZIP attachments) opened within the
limits: the member count and every member's declared size are checked
when the package is opened, and members are decompressed as a stream that
stops at the limit, since a declared size can lie.

    package = ZipPackage(data, "a DOCX")
    xml = package.read("word/document.xml")     # or LimitExceeded / ReadError
    for name, data in package.members(): ...    # every file, each within the limits
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

from ..limits import LimitExceeded, Limits, check, current
from ..model import ReadError

_CHUNK = 1 << 16
# What zipfile raises on a damaged package: besides BadZipFile, a version or
# compression it does not support, an encrypted member, a cut stream, a bad name.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError,
              struct.error)


class ZipPackage:
    """One ZIP package; ``what`` names it in errors (``"a DOCX"``)."""

    def __init__(self, data: bytes, what: str = "a ZIP archive", limits: Limits | None = None) -> None:
        self.what = what
        self.limits = limits or current()
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except ZIP_ERRORS as exc:
            raise ReadError(f"not {what}: the ZIP package is damaged or incomplete (cut short?): {exc}") from None
        self.infos = [info for info in self.zip.infolist() if not info.is_dir()]
        check("zip_members", len(self.infos), f"{what} has {len(self.infos):,} members", self.limits)
        for info in self.infos:
            self._check_size(info.filename, info.file_size, "declares")
        total = sum(info.file_size for info in self.infos)
        check("zip_total_bytes", total, f"{what} declares {total:,} bytes uncompressed", self.limits)
        self.read_total = 0

    def names(self) -> list[str]:
        return [info.filename for info in self.infos]

    def read(self, name: str) -> bytes:
        """The decompressed bytes of member ``name`` (KeyError when absent)."""
        return self._read(self.zip.getinfo(name))

    def members(self) -> Iterator[tuple[str, bytes]]:
        """(name, bytes) of every file member, in the package's order."""
        for info in self.infos:
            yield info.filename, self._read(info)

    def verify(self) -> None:
        """Decompress every member once, within the limits, keeping nothing:
        for a package a library will read whole (python-docx)."""
        for info in self.infos:
            self._read(info, keep=False)

    def _check_size(self, name: str, size: int, verb: str) -> None:
        check("zip_member_bytes", size, f"the member {name!r} of {self.what} {verb} {size:,} bytes", self.limits)

    def _read(self, info: zipfile.ZipInfo, keep: bool = True) -> bytes:
        out = io.BytesIO() if keep else None
        size = 0
        try:
            with self.zip.open(info) as member:
                while chunk := member.read(_CHUNK):
                    size += len(chunk)
                    self._check_size(info.filename, size, "decompresses to more than")
                    if out is not None:
                        out.write(chunk)
        except LimitExceeded:
            raise
        except ZIP_ERRORS as exc:
            raise ReadError(f"not {self.what}: its member {info.filename!r} is damaged or incomplete ({exc})") from None
        self.read_total += size
        check("zip_total_bytes", self.read_total, f"{self.what} decompresses to more than {self.read_total:,} bytes",
              self.limits)
        return out.getvalue() if out is not None else b""
