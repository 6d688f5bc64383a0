"""Benchmark the parser: documents per second for each shape of a generated
corpus, and the pdfplumber floor (opening the same PDFs and extracting the
text of every page, which any PDF parse must at least do).  Times are CPU
seconds of this process plus those its parse workers spent on its documents
(``parsers.isolation``), so other load on the machine does not count
against it.

Example: python -m bench.parse --n 140 --seed 7
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections import defaultdict

import pdfplumber

from parsers import isolation, parse_bytes
from parsers.samples import generate_corpus


def _pdfplumber_floor(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def measure(n: int, seed: int) -> list[tuple[str, int, float]]:
    """(row name, documents, seconds) per shape, then per format and the floor."""
    with tempfile.TemporaryDirectory() as out:
        corpus = [(path.name, path.read_bytes()) for path, _ in generate_corpus(out, n, seed)]
    seconds: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for name, data in corpus:
        shape = name.split("-", 1)[1].rsplit(".", 1)[0]
        start = time.process_time() + isolation.worker_cpu_seconds()
        parse_bytes(data, name)
        elapsed = time.process_time() + isolation.worker_cpu_seconds() - start
        for row in (shape, "format " + name.rsplit(".", 1)[1]):
            seconds[row] += elapsed
            counts[row] += 1
        if name.endswith(".pdf"):
            start = time.process_time()
            _pdfplumber_floor(data)
            seconds["pdfplumber floor"] += time.process_time() - start
            counts["pdfplumber floor"] += 1
    order = sorted(k for k in counts if not k.startswith(("format", "pdfplumber")))
    order += sorted(k for k in counts if k.startswith("format")) + ["pdfplumber floor"]
    return [(row, counts[row], seconds[row]) for row in order if counts[row]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.parse", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=140, help="documents to generate (default 140)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    args = parser.parse_args(argv)
    print(f"{'':18s} {'docs':>5s} {'seconds':>8s} {'docs/s':>8s}")
    for row, count, secs in measure(args.n, args.seed):
        print(f"{row:18s} {count:5d} {secs:8.2f} {count / secs if secs else float('inf'):8.1f}")


if __name__ == "__main__":
    main()
