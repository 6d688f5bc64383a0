"""Concurrent readers: ``nianbao serve`` on a synthetic archive (5,000
reports by default, as ``bench.archive`` builds it) and N readers asking
for one stored query at the same moment, each on its own connection, while
a few send queries that try to build huge values; latency p50 / p95 / max.

Example: python -m bench serveload --reports 5000 --readers 200
"""

from __future__ import annotations

import argparse
import http.client
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

from bench.archive import build

QUERY = "/{db}/top_refusals?year=2023"
ATTACKS = ("select printf('%.*c', 900000000, 'x')", "select zeroblob(900000000)",
           "select randomblob(900000000)", "select length(" + "replace(" * 7 + "'xxxxxxxxxxxxxxxx'"
           + ", 'x', 'xxxxxxxxxxxxxxxx')" * 7 + ")")


def concurrent_get(port: int, paths: list[str]) -> list[tuple[float, int]]:
    """(seconds, status) of each path, all requested at once, one connection each."""
    barrier = threading.Barrier(len(paths))

    def one(path: str) -> tuple[float, int]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        barrier.wait()
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        connection.close()
        return time.perf_counter() - started, response.status

    with ThreadPoolExecutor(len(paths)) as pool:
        return list(pool.map(one, paths))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def serve(db: Path, port: int) -> subprocess.Popen:
    """``nianbao serve`` on 127.0.0.1:port, once it answers."""
    process = subprocess.Popen([sys.executable, "-m", "nianbao", "serve", "--db", str(db), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/-/versions.json")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"nianbao serve did not answer on port {port}")


def measure(db: Path, port: int, readers: int) -> dict:
    """Latencies of ``readers`` simultaneous requests for the stored query
    (cold: its first requests ever), with the value-building attacks among them."""
    query = QUERY.format(db=db.stem)
    attacks = [f"/{db.stem}.json?sql={quote(sql)}" for sql in ATTACKS]
    process = serve(db, port)
    try:
        results = concurrent_get(port, [query] * readers + attacks)
    finally:
        process.terminate()
        process.wait(10)
    seconds = [s for s, _ in results[:readers]]
    return {"readers": readers, "statuses": sorted({status for _, status in results[:readers]}),
            "attack_statuses": [status for _, status in results[readers:]],
            "p50": percentile(seconds, 0.5), "p95": percentile(seconds, 0.95), "max": max(seconds)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench serveload", description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nianbao-serveload-") as tmp:
        db = Path(tmp) / "nianbao.db"
        build(db, args.reports)
        result = measure(db, args.port, args.readers)
    print(f"{result['readers']} readers of {QUERY.format(db='nianbao')} on {args.reports:,} reports: "
          f"p50 {result['p50']:.3f} s, p95 {result['p95']:.3f} s, max {result['max']:.3f} s; "
          f"statuses {result['statuses']}, attacks answered {result['attack_statuses']}")
    return result


if __name__ == "__main__":
    main()
