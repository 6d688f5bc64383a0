"""``nianbao ingest`` on real report files: parse, store, archive, and
nothing changes the second time."""

import hashlib
import shutil

from click.testing import CliRunner
from conftest import real_file

from archive.db import open_archive
from nianbao.commands import coverage, ingest, serve


def test_ingest_real_reports_twice(tmp_path):
    files = tmp_path / "in"
    files.mkdir()
    for name in ("pingtan-2023.html", "pingtan-2024.html"):
        shutil.copy(real_file(name), files / name)
    db_path, data_dir = tmp_path / "a.db", tmp_path / "data"
    args = [str(files), "--db", str(db_path), "--data-dir", str(data_dir)]
    first = CliRunner().invoke(ingest, args)
    assert first.exit_code == 0, first.output
    db = open_archive(db_path)
    reports = list(db.query("SELECT * FROM reports ORDER BY year"))
    assert [r["year"] for r in reports] == [2023, 2024]
    assert all(r["n_facts"] > 100 and r["is_best"] == 1 for r in reports)
    for row in reports:
        stored = data_dir / db["documents"].get(row["document_sha256"])["stored_path"]
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == row["document_sha256"]
    # the two consecutive years are checked against each other
    assert db["checks"].count_where("check_id LIKE 'cross_year.%'") == 3
    counts = {t: db[t].count for t in ("reports", "facts", "checks", "documents", "report_text")}
    second = CliRunner().invoke(ingest, args)
    assert second.exit_code == 0
    assert {t: db[t].count for t in counts} == counts
    assert list(db.query("SELECT * FROM reports ORDER BY year")) == reports


def test_commands_are_documented():
    for command in (ingest, coverage, serve):
        assert "Example: nianbao " in command.help
