"""Benchmarks: parse speed, crawl throughput and memory, archive size and Datasette response times.
Run with ``./bootstrap bench`` or ``python -m bench [parse|crawl|archive] [ARGS...]``."""
