"""Legacy and other office formats (DOC, WPS, RTF, ODT; XLS/XLSX/ET when
LibreOffice Calc is installed): converted by headless LibreOffice in a
private temporary directory with its own user profile, then read by the
DOCX (text documents) or HTML (spreadsheets) reader. The document keeps
its own format name."""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import tempfile
from pathlib import Path

from ..limits import LimitExceeded, current
from ..model import Document, ReadError
from .docx import read_docx
from .html import read_html
from .sniff import not_a
from .zips import ZipPackage

TIMEOUT = 120  # seconds for one conversion, and at most 90% of the time limit of a document
_SPREADSHEETS = frozenset({"xls", "xlsx", "et"})
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_office(data: bytes, fmt: str) -> Document:
    """Convert ``data`` (format ``fmt``: doc, wps, rtf, odt, xls, xlsx, et)
    and read the result; ReadError when LibreOffice is missing or fails."""
    if data.startswith(_OLE_MAGIC):
        _check_ole(data, fmt)
    elif data.startswith(b"PK"):   # ODT, XLSX: LibreOffice would inflate every member
        ZipPackage(data, f"an {fmt.upper()}" if fmt[0] in "aeiou" else f"a {fmt.upper()}").verify()
    spreadsheet = fmt in _SPREADSHEETS
    converted = convert(data, fmt, "html" if spreadsheet else "docx")
    doc = read_html(converted, charset="utf-8") if spreadsheet else read_docx(converted)
    doc.format = fmt
    return doc


def _check_ole(data: bytes, fmt: str) -> None:
    """Refuse a truncated OLE2 file (DOC, WPS, XLS, ET) before starting
    LibreOffice: the sectors its header points to must exist."""
    if len(data) < 512:
        raise not_a(fmt, f"the file is truncated ({len(data)} bytes)")
    sector_shift, = struct.unpack_from("<H", data, 30)
    sectors = (len(data) - 512) >> sector_shift if 7 <= sector_shift <= 16 else 0
    fat_count, directory = struct.unpack_from("<II", data, 44)
    fat = struct.unpack_from("<109I", data, 76)[:min(fat_count, 109)]
    if not sectors or directory >= sectors or any(s >= sectors for s in fat):
        raise not_a(fmt, "the file is truncated or damaged")


def convert(data: bytes, fmt: str, target: str) -> bytes:
    """The bytes of ``data`` converted by LibreOffice to ``target`` (a file
    extension LibreOffice's ``--convert-to`` knows)."""
    timeout = min(TIMEOUT, 0.9 * current().seconds)   # the worker's own time limit would orphan soffice
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReadError(f"cannot read {fmt.upper()} files: LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="nianbao-office-") as tmp:
        source = Path(tmp, f"document.{fmt}")
        source.write_bytes(data)
        outdir = Path(tmp, "out")
        command = [
            soffice, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", target, "--outdir", str(outdir), str(source),
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise LimitExceeded(f"LibreOffice took more than {timeout:g} s to convert the {fmt.upper()} file",
                                "seconds", current().seconds) from None
        result = outdir / f"document.{target}"
        if not result.exists():
            said = output.decode("utf-8", errors="replace").strip().splitlines()
            detail = f" ({said[-1]})" if said else ""
            raise ReadError(f"LibreOffice could not convert the {fmt.upper()} file{detail}")
        return result.read_bytes()
