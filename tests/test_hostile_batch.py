"""The check of issue 10 for the parser: a batch of hostile files through
``nianbao parse`` gives one JSON line each with a clear error and no
traceback, ``nianbao ingest`` records every one, and the process tree stays
under 1 GiB (time: ``python -m bench hostile-files``)."""

import json
import sqlite3

import pytest

from bench import hostile_files

GIB = 1024 ** 3


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return folder, hostile_files.write_batch(folder)


@pytest.mark.slow
def test_nianbao_parse_gives_one_clear_error_each_within_memory(batch):
    folder, items = batch
    run = hostile_files.run_measured(hostile_files.nianbao("parse", *[str(p) for p, _ in items]), folder)
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert hostile_files.wrong_lines(lines, items) == []
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert [line["path"] for line in lines] == [str(path) for path, _ in items]
    assert all(line["errors"] and "Traceback" not in " ".join(line["errors"]) for line in lines)
    assert run.peak_rss < GIB, f"peak RSS {run.peak_rss / 2**20:.0f} MiB"


@pytest.mark.slow
def test_nianbao_ingest_records_every_hostile_file_with_its_error(batch, tmp_path):
    folder, items = batch
    db = tmp_path / "hostile.db"
    run = hostile_files.run_measured(hostile_files.nianbao("ingest", str(folder), "--db", str(db)), folder)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    rows = sqlite3.connect(db).execute("select source_url, errors from reports").fetchall()
    assert {url.rsplit("/", 1)[1] for url, _ in rows} >= {item.name for _, item in items} - {"noise.bin", "noise.doc"}
    assert all(json.loads(errors) for _, errors in rows)
