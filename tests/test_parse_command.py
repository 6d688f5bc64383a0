"""``nianbao parse``: JSON lines in input order, errors as objects, exit 0."""

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import real_file

from nianbao.cli import main


def run(*args):
    return CliRunner().invoke(main, ["parse", *map(str, args)])


def test_one_json_object_per_input_in_order(tmp_path):
    missing = tmp_path / "gone.pdf"
    result = run(real_file("pingtan-2023.html"), missing, real_file("huaian-2024.pdf"))
    assert result.exit_code == 0
    objects = [json.loads(line) for line in result.output.splitlines()]
    assert [Path(o["path"]).name for o in objects] == ["pingtan-2023.html", "gone.pdf", "huaian-2024.pdf"]
    first = objects[0]
    assert set(first) == {"path", "title", "agency", "year", "template", "facts", "checks", "errors",
                          "warnings", "matches"}
    assert first["facts"]["applications.new_received.total"] == 81
    assert {c["status"] for c in first["checks"]} == {"pass"}
    assert set(first["checks"][0]) >= {"id", "status", "expected", "actual"}
    assert objects[1]["errors"] and objects[1]["facts"] == {}


def test_bad_inputs_give_clear_errors(tmp_path):
    pdf = (Path(__file__).parent / "files" / "readers" / "ruled.pdf").read_bytes()
    files = {
        "truncated.pdf": pdf[: len(pdf) // 3],
        "not-a-zip.docx": "这不是一个 Word 文档".encode(),
        "no-table.html": "<html><body><p>通知公告</p></body></html>".encode(),
        "empty.pdf": b"",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    result = run(*(tmp_path / n for n in files))
    assert result.exit_code == 0
    objects = {Path(o["path"]).name: o for o in map(json.loads, result.output.splitlines())}
    assert "Traceback" not in result.output
    assert objects["empty.pdf"]["errors"] == ["empty file (0 bytes)"]
    assert objects["no-table.html"]["errors"] == ["no statistics tables found"]
    for name in ("truncated.pdf", "not-a-zip.docx"):
        assert objects[name]["errors"], name
        assert objects[name]["facts"] == {}


def test_pretty_prints_readable_tables():
    result = run("--pretty", real_file("huaian-2024.pdf"))
    assert result.exit_code == 0
    assert "淮安市人民政府" in result.output
    assert "本年新收政府信息公开申请数量" in result.output and "3119" in result.output
    assert "42 pass" in result.output


def test_bad_usage_is_a_non_zero_exit():
    assert run().exit_code == 2
