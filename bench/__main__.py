"""``python -m bench [parse|accuracy|readers|crawl|archive|real|lists|hostile|hostile-files|sites|fuzz|reparse|serveload]
[ARGS...]``: one benchmark with its own arguments, or (no name) all of them
at the sizes the README quotes."""

import sys

from bench import (
    accuracy,
    archive,
    crawl,
    fuzz,
    hostile,
    hostile_files,
    lists,
    parse,
    readers,
    real,
    reparse,
    serveload,
    sites,
)

BENCHMARKS = {
    "parse": lambda args: parse.main(args),
    "accuracy": lambda args: accuracy.main(args),
    "readers": lambda args: readers.main(args),
    "crawl": lambda args: crawl.main(args, standalone_mode=False),
    "archive": lambda args: archive.main(args),
    "real": lambda args: real.main(args),
    "lists": lambda args: lists.main(args),
    "hostile": lambda args: hostile.main(args, standalone_mode=False),
    "hostile-files": lambda args: hostile_files.main(args),
    "sites": lambda args: sites.main(args, standalone_mode=False),
    "fuzz": lambda args: fuzz.main(args),
    "serveload": lambda args: serveload.main(args),
    "reparse": lambda args: reparse.main(args),
}


def run(argv: list[str]) -> None:
    if argv and argv[0] in BENCHMARKS:
        BENCHMARKS[argv[0]](argv[1:])
        return
    if argv:
        sys.exit(f"usage: python -m bench [{'|'.join(BENCHMARKS)}] [ARGS...]")
    for name, bench in BENCHMARKS.items():
        print(f"\n== {name} ==", flush=True)
        bench([])


if __name__ == "__main__":
    run(sys.argv[1:])
