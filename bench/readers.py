"""Benchmark the format readers on single files: CPU seconds per read of the
bundled LibreOffice-made files (``tests/files/readers``) and of the real
reports beside the checkout (``../shared/fixtures/real``, when present),
each PDF against the pdfplumber floor (open + ``extract_text()`` of every
page); and how long damaged files take to be refused with a ReadError.
Best of ``--repeat`` CPU-time runs, so other load on the machine does not
count (refusals: wall-clock seconds).  The targets the tests used to assert: an HTML page at 50 or more
reads/s, a PDF within 1.5x the floor, a damaged file refused within 1 s.

Example: python -m bench readers --repeat 3
"""

from __future__ import annotations

import argparse
import io
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from parsers.readers import ReadError, read_document

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "tests" / "files" / "readers"
REAL = ROOT.parent / "shared" / "fixtures" / "real"
FILES = [BUNDLED / "ruled.pdf", BUNDLED / "unruled.pdf", BUNDLED / "ruled.docx", BUNDLED / "word_pasted.html",
         REAL / "huaian-2024.pdf", REAL / "pingtan-2023.html", REAL / "template-2021.docx"]


def cpu_seconds(fn: Callable[[], object], repeat: int) -> float:
    """The least CPU time of ``repeat`` runs of ``fn``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def pdfplumber_floor(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def damaged_files() -> dict[str, tuple[bytes, str]]:
    """Damaged inputs cut from the bundled files: (bytes, file name) by case."""
    pdf, docx = (BUNDLED / "ruled.pdf").read_bytes(), (BUNDLED / "ruled.docx").read_bytes()
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as damaged:
        for name in source.namelist():
            part = source.read(name)
            damaged.writestr(name, part[:5000] if name == "word/document.xml" else part)
    return {
        "truncated pdf": (pdf[:20000], "report.pdf"),
        "truncated docx zip": (docx[:4000], "report.docx"),
        "damaged docx xml": (out.getvalue(), "report.docx"),
        "truncated doc": ((BUNDLED / "ruled.doc").read_bytes()[:30000], "report.doc"),
        "binary junk": (bytes(range(256)) * 4, "report.bin"),
    }


def refuse(data: bytes, name: str) -> None:
    try:
        read_document(data, name)
    except ReadError:
        return
    raise AssertionError(f"{name}: read without an error")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench readers", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per file, the least CPU time kept (default 3)")
    args = parser.parse_args(argv)
    print(f"{'file':24s} {'CPU s':>7s} {'reads/s':>8s} {'x pdfplumber':>13s}")
    for path in FILES:
        if not path.is_file():
            print(f"{path.name:24s} (absent: {path.parent})")
            continue
        data = path.read_bytes()
        ours = cpu_seconds(lambda data=data, path=path: read_document(data, path.name), args.repeat)
        ratio = ""
        if path.suffix == ".pdf":
            ratio = f"{ours / cpu_seconds(lambda data=data: pdfplumber_floor(data), args.repeat):13.2f}"
        print(f"{path.name:24s} {ours:7.3f} {1 / ours if ours else float('inf'):8.1f} {ratio}")
    print(f"\n{'damaged file':24s} {'s to refuse':>12s}")   # wall clock: a refusal may wait on a child
    for case, (data, name) in damaged_files().items():
        start = time.perf_counter()
        refuse(data, name)
        print(f"{case:24s} {time.perf_counter() - start:12.3f}")


if __name__ == "__main__":
    main()
