"""A batch of hostile files, generated (none is committed): bombs of every
kind, huge and deep documents, encrypted, truncated, and files lying about
their format. Each comes with the words its error must contain, so the batch
checks itself. ``python -m bench hostile-files`` runs the batch through
``nianbao parse`` and ``nianbao ingest`` and reports the time, the peak
memory of the process tree and any file whose line is wrong.

Example: python -m bench hostile-files --keep /tmp/hostile
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
_OFD_NS = "http://www.ofdspec.org/2016"


@dataclass
class Hostile:
    name: str          # the file name (its extension may lie)
    data: bytes
    expect: str        # words the report's errors must contain (lower case)
    sparse_size: int = 0   # written as a sparse file of this size instead of ``data``


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def zeros_member(size: int, raw: bool = True) -> bytes:
    """Deflate of ``size`` zero bytes (raw, as in a ZIP, or with the zlib
    header, as in a PDF stream), made in a moment: one MiB compressed with
    a full flush is a block that does not depend on what came before, so
    it can be repeated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(MIB)) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(bytes(size % MIB)) + packer.flush()
    body = block * (size // MIB) + tail
    if raw:
        return body
    return b"\x78\xda" + body + struct.pack(">I", 1)   # a wrong Adler-32: nobody gets that far


def bomb_zip(members: dict[str, bytes], bomb_name: str, bomb_size: int, declared: int | None = None) -> bytes:
    """A ZIP with ordinary ``members`` plus ``bomb_name`` inflating to
    ``bomb_size`` zero bytes; ``declared`` makes its headers lie about that."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo(bomb_name)
        info.compress_type = zipfile.ZIP_DEFLATED
        stream = zeros_member(bomb_size)
        info.CRC, info.compress_size = 0, len(stream)   # never checked: the size is refused first
        info.file_size = bomb_size if declared is None else declared
        info.header_offset = out.tell()
        header = info.FileHeader(zip64=bomb_size > 0xFFFFFFFF)
        out.write(header)
        out.write(stream)
        archive.filelist.append(info)
        archive.NameToInfo[info.filename] = info
        archive.start_dir = out.tell()
    return out.getvalue()


def docx_parts(body: bytes) -> dict[str, bytes]:
    """The smallest DOCX python-docx opens, with ``body`` as document.xml."""
    return {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
        b'+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": body,
    }


def word_body(inner: str) -> bytes:
    return ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{inner}</w:body></w:document>").encode()


def ofd(content_xml: str, pages: int = 1) -> bytes:
    page_list = "".join(f'<ofd:Page ID="{i}" BaseLoc="Pages/Page_0/Content.xml"/>' for i in range(pages))
    return zip_of({
        "OFD.xml": f'<ofd:OFD xmlns:ofd="{_OFD_NS}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                   "</ofd:DocBody></ofd:OFD>".encode(),
        "Doc_0/Document.xml": f'<ofd:Document xmlns:ofd="{_OFD_NS}"><ofd:Pages>{page_list}</ofd:Pages>'
                              "</ofd:Document>".encode(),
        "Doc_0/Pages/Page_0/Content.xml": content_xml.encode(),
    })


def ofd_text(code: str) -> str:
    return (f'<ofd:Page xmlns:ofd="{_OFD_NS}"><ofd:Content><ofd:Layer><ofd:TextObject ID="1" Boundary="10 10 180 10" '
            f'Size="3.5">{code}</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>')


def pdf_of(pages: int, count: int | None = None, content: bytes = b"BT /F1 12 Tf 72 720 Td (2024) Tj ET",
           filters: bytes = b"", end: bool = True) -> bytes:
    """A PDF of ``pages`` pages sharing one content stream, written by hand
    (fast at any size); ``count`` makes the page tree's /Count lie."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Length %d %s >>stream\n" % (len(content), filters) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages)).encode()
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages if count is None else count)
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                       b"/Resources << /Font << /F1 4 0 R >> >> >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n" % (len(objects) + 1, xref))
    if end:
        out.write(b"%%EOF\n")
    return out.getvalue()


def tiff_frames(frames: int) -> bytes:
    from PIL import Image

    images = [Image.new("L", (8, 8), 255) for _ in range(frames)]
    out = io.BytesIO()
    images[0].save(out, format="TIFF", save_all=True, append_images=images[1:])
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels, with one
    tiny compressed row of data."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(width + 1)))
            + chunk(b"IEND", b""))


def encrypted_pdf(user: str, owner: str) -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=StandardEncryption(user, owner, canPrint=0, canCopy=0, strength=128))
    page.drawString(72, 720, "2024 report")
    page.showPage()
    page.save()
    return out.getvalue()


def html_table(rows: int) -> bytes:
    row = "<tr><td>收到申请数</td>" + "<td>12</td>" * 8 + "</tr>"
    return ("<html><body><table>" + row * rows + "</table></body></html>").encode()


def batch(seed: int = 0) -> list[Hostile]:
    """The hostile files, each with the words its error must contain."""
    rng = random.Random(seed)
    noise = bytes(rng.getrandbits(8) for _ in range(4096))
    text_table = "一、总体情况\n" + "".join(f"收到申请数\t{n}\t{n}\t{n}\t{n}\n" for n in range(40)) + "五、存在的问题\n"
    real_docx = zip_of(docx_parts(word_body("<w:p><w:r><w:t>2024年度报告</w:t></w:r></w:p>")))
    return [
        # bombs
        Hostile("bomb.docx", bomb_zip(docx_parts(word_body("")), "word/media/image1.png", 2048 * MIB),
                "the limit is 64 mib"),
        Hostile("lying-bomb.docx", bomb_zip(docx_parts(word_body("")), "word/media/image1.png", 256 * MIB,
                                            declared=1000), "damaged or incomplete"),
        Hostile("bomb.xlsx", bomb_zip({"xl/workbook.xml": b"<workbook/>"}, "xl/sharedStrings.xml", 1024 * MIB),
                "the limit is 64 mib"),
        Hostile("bomb.ofd", bomb_zip({"OFD.xml": b"<x/>"}, "Doc_0/Document.xml", 512 * MIB), "the limit is 64 mib"),
        Hostile("delta.ofd", ofd(ofd_text('<ofd:TextCode X="0" Y="5" DeltaX="g 1000000000 4">总</ofd:TextCode>')),
                "nianbao_max_expanded_numbers"),
        Hostile("pages.ofd", ofd(ofd_text('<ofd:TextCode X="0" Y="5">总</ofd:TextCode>'), pages=50_000),
                "nianbao_max_pages"),
        Hostile("members.docx", zip_of({**docx_parts(word_body("")), **{f"f/{i}": b"" for i in range(6000)}},
                                       zipfile.ZIP_STORED), "nianbao_max_zip_members"),
        Hostile("flate.pdf", pdf_of(1, content=zeros_member(1536 * MIB, raw=False), filters=b"/Filter /FlateDecode"),
                "nianbao_max_memory_mb"),
        Hostile("pages.pdf", pdf_of(100_000), "nianbao_max_pages"),
        Hostile("pages-lie.pdf", pdf_of(50_000, count=1), "nianbao_max_pages"),
        Hostile("frames.tiff", tiff_frames(500), "nianbao_max_frames"),
        Hostile("pixels.png", png_header(9000, 9000), "nianbao_max_image_pixels"),
        Hostile("pixels-huge.png", png_header(60000, 60000), "nianbao_max_image_pixels"),
        # huge and deep
        Hostile("huge.html", html_table(200_000), "nianbao_max_markup_bytes"),
        Hostile("huge.pdf", b"", "nianbao_max_document_bytes", sparse_size=300 * MIB),
        Hostile("deep.docx", zip_of(docx_parts(word_body("<w:sdt>" * 100_000 + "</w:sdt>" * 100_000))),
                "not a docx"),
        Hostile("deep.html", b"<html><body>" + b"<div>" * 200_000 + b"</body></html>", "no statistics tables"),
        Hostile("entities.html", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                + b"".join(b'<!ENTITY %s "%s">' % (b"abcdefghij"[i + 1:i + 2], b"&%s;" % b"abcdefghij"[i:i + 1] * 10)
                           for i in range(8)) + b"]><html><body><p>&i;</p></body></html>", "no statistics tables"),
        # encrypted
        Hostile("encrypted.pdf", encrypted_pdf("secret", "owner"), "a password is needed"),
        # truncated
        Hostile("cut.html", html_table(200)[:3000], "incomplete"),
        Hostile("cut.pdf", pdf_of(3)[:-60], "incomplete"),
        Hostile("cut.docx", real_docx[:len(real_docx) // 2], "incomplete"),
        Hostile("cut.txt", text_table.encode("utf-8")[:301], "incomplete"),
        # lying about their format
        Hostile("page.pdf", b"<html><body>404 Not Found</body></html>", "not a readable pdf"),
        Hostile("noise.doc", noise, "not a doc"),
        Hostile("noise.bin", noise, "unrecognised file format"),
        Hostile("image.html", png_header(10, 10), "no statistics tables"),
        Hostile("empty.docx", b"", "empty file"),
    ]


def write_batch(folder: Path, seed: int = 0) -> list[tuple[Path, Hostile]]:
    written = []
    for item in batch(seed):
        path = folder / item.name
        with path.open("wb") as file:
            if item.sparse_size:
                file.truncate(item.sparse_size)
            else:
                file.write(item.data)
        written.append((path, item))
    return written


def _tree_rss(root: int) -> int:
    """Resident memory of a process and its descendants, from /proc (bytes)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    return total


@dataclass
class Measured:
    seconds: float
    peak_rss: int          # bytes, the process tree's resident memory at its highest
    returncode: int
    stdout: str
    stderr: str


def run_measured(command: list[str], cwd: Path) -> Measured:
    """``command`` in a subprocess, timed, with the memory of its process
    tree sampled every 20 ms."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return Measured(seconds, peak, process.returncode, out.decode("utf-8"), err.decode("utf-8", "replace"))


def wrong_lines(lines: list[dict], items: list[tuple[Path, Hostile]]) -> list[str]:
    """One line per file whose JSON line is missing or lacks its expected error."""
    wrong = [] if len(lines) == len(items) else [f"{len(lines)} JSON lines for {len(items)} files"]
    for line, (_, item) in zip(lines, items):
        errors = " | ".join(line.get("errors", [])).lower()
        if item.expect not in errors:
            wrong.append(f"{item.name}: expected {item.expect!r}, got {errors or 'no error'!r}")
    return wrong


def nianbao(*args: str) -> list[str]:
    return [sys.executable, "-c", "from nianbao.cli import main; main()", *args]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench hostile-files", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nianbao-hostile-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        items = write_batch(folder, args.seed)
        size = sum(path.stat().st_size for path, item in items if not item.sparse_size)
        print(f"{len(items)} hostile files, {size / 1024:.0f} KiB on disk (plus one sparse file)")
        parsed = run_measured(nianbao("parse", *[str(path) for path, _ in items]), folder)
        ingested = run_measured(nianbao("ingest", str(folder), "--db", str(Path(tmp) / "hostile.db")), folder)
    lines = [json.loads(line) for line in parsed.stdout.splitlines() if line.strip()]
    for line in lines:
        print(f"  {Path(line['path']).name:18s} {' | '.join(line['errors'])[:150]}")
    for name, run in (("nianbao parse", parsed), ("nianbao ingest", ingested)):
        print(f"{name}: {run.seconds:.1f} s, peak RSS of the process tree {run.peak_rss / MIB:.0f} MiB, "
              f"exit code {run.returncode}, traceback on stderr: {'yes' if 'Traceback' in run.stderr else 'no'}")
    for problem in wrong_lines(lines, items):
        print("  WRONG:", problem)


if __name__ == "__main__":
    main()
