"""Fuzz every reader: seed documents of every format (the bundled reader
files, the real reports beside the checkout when present, one generated
report of each shape, a small OFD, scans) damaged at random by seed —
truncated, bytes flipped, ranges cut, doubled or filled with junk, ZIP
members damaged or dropped, sizes declared huge, numbers in the markup
blown up, nesting made deep, the file name lying about the format — and
each read and mapped in a worker held to the limits (``parsers.limits``).

A run passes when no input raised anything but a ``ReadError`` (an error a
user can read) and no worker had to be killed for time, or crashed; a
worker stopped by its memory limit is counted apart (the limit held).

Example: python -m bench fuzz --n 10000 --seed 1
"""

from __future__ import annotations

import argparse
import io
import random
import re
import resource
import tempfile
import threading
import time
import traceback
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench import hostile_files

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "tests" / "files" / "readers"
REAL = ROOT.parent / "shared" / "fixtures" / "real"
REAL_SEEDS = ("huaian-2024.pdf", "template-2021.docx", "pingtan-2024.html", "pingtan-gongan-2018-yaodian.html")
# formats read by LibreOffice or OCR take a second or more each: fewer of them
SLOW_WEIGHT = 0.15
EXTENSIONS = (".pdf", ".docx", ".doc", ".html", ".txt", ".ofd", ".png", ".tif", ".rtf", ".xlsx", ".zip", ".bin")


@dataclass
class Seed:
    name: str
    data: bytes
    weight: float = 1.0


def seeds() -> list[Seed]:
    """The documents damage starts from."""
    from parsers.samples import generate_corpus

    found = [Seed(p.name, p.read_bytes(), SLOW_WEIGHT if p.suffix in (".doc", ".rtf") else 1.0)
             for p in sorted(BUNDLED.iterdir()) if p.suffix != ".py"]
    found += [Seed(name, (REAL / name).read_bytes()) for name in REAL_SEEDS if (REAL / name).exists()]
    with tempfile.TemporaryDirectory() as out:
        found += [Seed(path.name, path.read_bytes()) for path, _ in generate_corpus(out, 14, 5)]
    codes = "".join(f'<ofd:TextCode X="{10 + 30 * i}" Y="{5 + 6 * (i % 4)}" DeltaX="g 3 4">收到申请{i}</ofd:TextCode>'
                    for i in range(12))
    found.append(Seed("table.ofd", hostile_files.ofd(hostile_files.ofd_text(codes), pages=2)))
    found.append(Seed("utf16.txt", "一、总体情况\n收到申请数\t12\t3\n".encode("utf-16-le")))
    found += [Seed(name, data, SLOW_WEIGHT) for name, data in _scans()]
    return found


def _scans() -> list[tuple[str, bytes]]:
    from PIL import Image, ImageDraw

    page = Image.new("L", (320, 90), 255)
    ImageDraw.Draw(page).text((10, 30), "2024  12  345", fill=0)
    png, tiff = io.BytesIO(), io.BytesIO()
    page.save(png, format="PNG")
    page.save(tiff, format="TIFF", save_all=True, append_images=[page])
    return [("scan.png", png.getvalue()), ("scan.tif", tiff.getvalue())]


# --- damage: each takes the bytes and a random source, returns new bytes -----------------------

def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data) + 1)]


def flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def splice(data: bytes, rng: random.Random) -> bytes:
    """Cut, double or fill with junk a random range."""
    start = rng.randrange(len(data) + 1)
    end = min(len(data), start + rng.choice((1, 16, 256, 4096)))
    kind = rng.randrange(3)
    if kind == 0:
        return data[:start] + data[end:]
    if kind == 1:
        return data[:end] + data[start:end] * rng.randint(1, 50) + data[end:]
    return data[:start] + rng.randbytes(rng.randint(1, 512)) + data[start:]


_NUMBER = re.compile(rb"(?<=[=\"' /\[(])\d{1,6}(?=[\"' /\])>])")
_HUGE = (b"0", b"999999999", b"4294967295", b"18446744073709551617", b"-1", b"1e308", b"nan")


def blow_up_numbers(data: bytes, rng: random.Random) -> bytes:
    """Some numbers of the markup (spans, counts, lengths, offsets) made huge or absurd."""
    spots = [m.span() for m in _NUMBER.finditer(data[:2_000_000])]
    for start, end in sorted(rng.sample(spots, min(len(spots), rng.randint(1, 8))), reverse=True):
        data = data[:start] + rng.choice(_HUGE) + data[end:]
    return data


def deepen(data: bytes, rng: random.Random) -> bytes:
    """Deep nesting at a random tag boundary."""
    spots = [m.start() for m in re.finditer(rb"<", data[:2_000_000])]
    if not spots:
        return data
    at = rng.choice(spots)
    depth = rng.choice((300, 5000, 100_000))
    tag = rng.choice((b"div", b"table", b"w:sdt", b"span"))
    return data[:at] + b"<%s>" % tag * depth + data[at:]


def zip_damage(data: bytes, rng: random.Random) -> bytes:
    """A ZIP package with one member damaged, dropped or declared huge."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    except Exception:
        return flip(data, rng)
    if not members:
        return data
    name = rng.choice(sorted(members))
    kind = rng.randrange(4)
    if kind == 0:
        del members[name]
    elif kind == 1:
        members[name] = rng.choice((truncate, flip, splice, blow_up_numbers, deepen))(members[name], rng)
    elif kind == 2:
        return _declare(data, name, rng.choice((0, 1, 2**31, 2**32 - 1)))
    else:
        members[name + rng.choice(("", "/x", "0"))] = members[name] * rng.randint(2, 50)
    return hostile_files.zip_of(members)


def _declare(data: bytes, name: str, size: int) -> bytes:
    """``data`` with the central directory declaring ``size`` bytes for ``name``."""
    encoded = name.encode("utf-8")
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        length = int.from_bytes(data[entry + 28:entry + 30], "little")
        if data[entry + 46:entry + 46 + length] == encoded:
            return data[:entry + 24] + size.to_bytes(4, "little") + data[entry + 28:]
        entry = data.find(b"PK\x01\x02", entry + 4)
    return data


DAMAGE = (truncate, flip, splice, blow_up_numbers, deepen, zip_damage)


def damaged(seed: Seed, rng: random.Random) -> tuple[str, bytes, list[str]]:
    """(file name, bytes, names of the damage done) for one fuzz input."""
    data, done = seed.data, []
    for _ in range(rng.randint(1, 3)):
        damage = rng.choice(DAMAGE)
        data = damage(data, rng)
        done.append(damage.__name__)
    name = seed.name
    if rng.random() < 0.15:   # the file name lies about the format
        name = Path(name).stem + rng.choice(EXTENSIONS)
        done.append("renamed")
    return name, data, done


# --- reading one input ------------------------------------------------------------------------

def read_one(data: bytes, name: str) -> tuple[str, str, float, int]:
    """In a worker: (outcome, detail, CPU seconds, peak RSS KiB so far).
    Outcome: ``read``, ``refused`` (a ReadError), ``limit`` (LimitExceeded)
    or ``bug`` (anything else, with where it was raised)."""
    from parsers.limits import LimitExceeded
    from parsers.parse import report_from
    from parsers.readers import ReadError, read_document

    start = time.process_time()
    try:
        report_from(read_document(data, name), name, None)
        outcome, detail = "read", ""
    except LimitExceeded as exc:
        outcome, detail = "limit", str(exc).split("(set ")[-1].split(" ")[0]
    except ReadError:
        outcome, detail = "refused", ""
    except Exception as exc:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        outcome = "bug"
        detail = f"{type(exc).__name__}: {str(exc)[:200]} at {Path(frame.filename).name}:{frame.lineno}"
    return outcome, detail, time.process_time() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@dataclass
class Tally:
    outcomes: Counter
    limits: Counter
    bugs: dict            # detail -> (file name, damage) of the first input that showed it
    killed: list          # inputs whose worker was stopped by time, memory or a crash
    max_cpu: float = 0.0
    max_cpu_input: str = ""
    peak_kib: int = 0


def run(n: int, seed: int, jobs: int = 2, progress=None, first: int = 0) -> Tally:
    from parsers import isolation
    from parsers.readers import ReadError

    pool = seeds()
    weights = [s.weight for s in pool]
    tally = Tally(Counter(), Counter(), {}, [])
    lock = threading.Lock()

    def one(index: int) -> None:
        rng = random.Random(f"{seed}:{index}")
        base = rng.choices(pool, weights)[0]
        name, data, done = damaged(base, rng)
        label = f"#{index} {base.name} -> {name} ({', '.join(done)})"
        try:
            outcome, detail, cpu, kib = isolation.run(read_one, data, name)
        except ReadError as exc:   # the worker ran past the time or memory limit, or died
            kind = "memory" if getattr(exc, "limit", None) == "memory_mb" else "killed"
            with lock:
                tally.outcomes[kind] += 1
                if kind == "killed":
                    tally.killed.append(f"{label}: {exc}")
            if progress:
                print(f"  {kind.upper()} {label}: {exc}", flush=True)
            return
        with lock:
            tally.outcomes[outcome] += 1
            if outcome == "limit":
                tally.limits[detail] += 1
            new_bug = outcome == "bug" and detail not in tally.bugs
            if new_bug:
                tally.bugs[detail] = label
            if cpu > tally.max_cpu:
                tally.max_cpu, tally.max_cpu_input = cpu, label
            tally.peak_kib = max(tally.peak_kib, kib)
            done_count = sum(tally.outcomes.values())
        if progress and new_bug:
            print(f"  BUG {detail}: {label}", flush=True)
        if progress and done_count % 500 == 0:
            progress(done_count, tally)

    with ThreadPoolExecutor(jobs) as executor:
        list(executor.map(one, range(first, first + n)))
    return tally


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench fuzz", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="inputs to try (default 10,000)")
    parser.add_argument("--seed", type=int, default=1, help="damage seed (default 1)")
    parser.add_argument("--jobs", type=int, default=2, help="inputs read at once (default 2)")
    parser.add_argument("--first", type=int, default=0, help="number of the first input (to rerun a stretch)")
    args = parser.parse_args(argv)
    start = time.perf_counter()

    def progress(count: int, tally: Tally) -> None:
        print(f"  {count:6d} inputs, {time.perf_counter() - start:6.0f} s: {dict(tally.outcomes)}", flush=True)

    tally = run(args.n, args.seed, args.jobs, progress, args.first)
    seconds = time.perf_counter() - start
    print(f"{args.n:,} inputs (seed {args.seed}) in {seconds:.0f} s ({args.n / seconds:.1f}/s)")
    print("outcomes:", ", ".join(f"{k} {v:,}" for k, v in tally.outcomes.most_common()))
    print("limits reached:", ", ".join(f"{k} {v:,}" for k, v in tally.limits.most_common()) or "none")
    print(f"slowest input: {tally.max_cpu:.2f} CPU s ({tally.max_cpu_input}); "
          f"peak worker RSS {tally.peak_kib / 1024:.0f} MiB")
    for detail, label in tally.bugs.items():
        print(f"  BUG {detail}\n      first seen: {label}")
    for line in tally.killed:
        print(f"  KILLED {line}")
    if tally.bugs or tally.killed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
