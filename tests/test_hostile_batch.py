"""The check of issue 10 for the parser: a batch of hostile files through
``nianbao parse`` gives one JSON line each with a clear error, no traceback,
and the process tree stays under 1 GB (time: ``python -m bench hostile-files``)."""

import pytest

from bench import hostile_files

GIB = 1024 ** 3


@pytest.mark.slow
def test_a_hostile_batch_gives_one_clear_error_each_within_memory(tmp_path):
    items = hostile_files.write_batch(tmp_path)
    run = hostile_files.run_batch(tmp_path, items, hostile_files.nianbao_parse())
    assert run.wrong == []
    assert "Traceback" not in run.stderr
    assert [line["path"] for line in run.lines] == [str(path) for path, _ in items]
    assert all(line["errors"] and "Traceback" not in " ".join(line["errors"]) for line in run.lines)
    assert run.peak_rss < GIB, f"peak RSS {run.peak_rss / 2**20:.0f} MiB"
