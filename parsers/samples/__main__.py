"""``python -m parsers.samples OUT_DIR --n N --seed S``: write a corpus."""

import argparse

from .corpus import generate_corpus


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m parsers.samples", description=__doc__)
    parser.add_argument("out_dir")
    parser.add_argument("--n", type=int, default=50, help="how many documents (default 50)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--damaged", action="store_true",
                        help="damage every report as real ones are (typos, split rows, broken headers …)")
    args = parser.parse_args(argv)
    written = generate_corpus(args.out_dir, args.n, args.seed, damaged=args.damaged)
    print(f"wrote {len(written)} documents and truth.jsonl to {args.out_dir}")


if __name__ == "__main__":
    main()
