"""The parser's accuracy on generated corpora: each seed's corpus is written
(every shape in turn), every document is damaged as real reports are
(``parsers.samples.damage``; ``--clean`` for none), parsed, and scored
against its truth: facts exact, documents perfect (facts, title, agency,
year, template and failing checks), per shape and in total, and the worst
documents.  Use seeds the parser was not tuned on for figures you quote.

Example: python -m bench accuracy --n 280 --seeds 31415 27182
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict

from parsers import parse_bytes
from parsers.samples import generate_corpus
from parsers.samples.score import Score, rates, score


def measure(n: int, seeds: list[int], damaged: bool) -> list[Score]:
    out = []
    for seed in seeds:
        with tempfile.TemporaryDirectory() as folder:
            for path, expected in generate_corpus(folder, n, seed, damaged=damaged):
                parsed = parse_bytes(path.read_bytes(), path.name).to_json()
                out.append(score(f"{seed}/{path.name}", expected, parsed))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.accuracy", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=280, help="documents per seed (default 280)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[31415, 27182], help="corpus seeds")
    parser.add_argument("--clean", action="store_true", help="no damage: the generator's own output")
    args = parser.parse_args(argv)
    scores = measure(args.n, args.seeds, damaged=not args.clean)
    by_shape: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        by_shape[s.name.split("-", 1)[1].rsplit(".", 1)[0]].append(s)
    print(f"{'shape':14s} {'docs':>5s} {'facts exact':>12s} {'perfect':>8s}")
    for shape, group in sorted(by_shape.items()):
        facts, perfect = rates(group)
        print(f"{shape:14s} {len(group):5d} {facts:12.2%} {perfect:8.1%}")
    facts, perfect = rates(scores)
    print(f"{'all':14s} {len(scores):5d} {facts:12.2%} {perfect:8.1%}")
    worst = sorted((s for s in scores if not s.perfect), key=lambda s: (-len(s.fact_diffs), s.name))
    for s in worst[:10]:
        print(s.describe(4))


if __name__ == "__main__":
    main()
