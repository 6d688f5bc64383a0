"""A hostile reader: limits that hold in every reader, named in the error;
heavy parsing in a worker held to time and memory limits; encrypted and
truncated documents told apart from damaged ones."""

import io
import json
import os
import subprocess
import sys
import time
import zlib

import pytest
from conftest import real_file

from bench import hostile_files
from parsers import isolation, limits, parse_bytes
from parsers.limits import LimitExceeded, Limits
from parsers.model import ReadError
from parsers.readers import read_document
from parsers.readers.zips import ZipPackage


def test_limits_come_from_the_environment_and_name_themselves():
    got = Limits.from_env({"NIANBAO_MAX_PAGES": "7", "NIANBAO_MAX_SECONDS": "2.5", "PATH": "/bin"})
    assert (got.pages, got.seconds, got.frames) == (7, 2.5, Limits().frames)
    with pytest.raises(ValueError, match="NIANBAO_MAX_FRAMES='many'"):
        Limits.from_env({"NIANBAO_MAX_FRAMES": "many"})
    with pytest.raises(ValueError, match="unknown limit"):
        Limits().replace(pagez=3)
    error = LimitExceeded("the PDF has 9 pages", "pages", 5)
    assert str(error) == ("over a limit: the PDF has 9 pages; the limit is 5 pages "
                          "(set NIANBAO_MAX_PAGES to change it)")


READER_CASES = {   # hostile file -> the limit its error names; read in this process, no worker
    "bomb.docx": "NIANBAO_MAX_ZIP_MEMBER_BYTES",
    "bomb.ofd": "NIANBAO_MAX_ZIP_MEMBER_BYTES",
    "members.docx": "NIANBAO_MAX_ZIP_MEMBERS",
    "delta.ofd": "NIANBAO_MAX_EXPANDED_NUMBERS",
    "pages.ofd": "NIANBAO_MAX_PAGES",
    "pages-lie.pdf": "NIANBAO_MAX_PAGES",
    "frames.tiff": "NIANBAO_MAX_FRAMES",
    "pixels.png": "NIANBAO_MAX_IMAGE_PIXELS",
    "pixels-huge.png": "NIANBAO_MAX_IMAGE_PIXELS",
    "huge.html": "NIANBAO_MAX_MARKUP_BYTES",
}


@pytest.fixture(scope="module")
def batch():
    return {item.name: item for item in hostile_files.batch()}


@pytest.mark.parametrize("name", sorted(READER_CASES))
def test_every_reader_refuses_a_document_past_its_limits_by_name(batch, name):
    start = time.process_time()
    with pytest.raises(LimitExceeded, match=READER_CASES[name]):
        read_document(batch[name].data, name)
    assert time.process_time() - start < 30   # refused before the work, not after it


def test_the_ofd_notation_is_expanded_only_as_far_as_the_text_needs():
    code = '<ofd:TextCode X="0" Y="5" DeltaX="g 90000 4">总数</ofd:TextCode>'
    doc = read_document(hostile_files.ofd(hostile_files.ofd_text(code)), "a.ofd")
    assert doc.text == "总数"


def test_a_zip_member_longer_than_it_declares_is_damaged_not_read_whole(batch):
    with pytest.raises(ReadError, match="image1.png' is damaged or incomplete"):
        read_document(batch["lying-bomb.docx"].data, "a.docx")


def test_zip_members_are_read_within_the_limits():
    data = hostile_files.zip_of({"a.pdf": b"1" * 5000, "b/c.html": b"<p>2</p>"})
    assert list(ZipPackage(data).members()) == [("a.pdf", b"1" * 5000), ("b/c.html", b"<p>2</p>")]
    small = Limits(zip_member_bytes=4000)
    with pytest.raises(LimitExceeded, match="'a.pdf' of a ZIP archive declares 5,000 bytes"):
        ZipPackage(data, limits=small)
    package = ZipPackage(data, limits=Limits(zip_total_bytes=6000))
    package.read("a.pdf")
    with pytest.raises(LimitExceeded, match="decompresses to more than 10,000 bytes"):   # read again and again
        package.read("a.pdf")


def test_a_zip_needing_a_later_zip_version_is_damaged_not_a_crash():
    data = bytearray(hostile_files.zip_of(hostile_files.docx_parts(hostile_files.word_body(""))))
    entry = data.index(b"PK\x01\x02")
    data[entry + 6:entry + 8] = (81).to_bytes(2, "little")   # "version needed to extract": 8.1
    with pytest.raises(ReadError, match="^not a DOCX: the ZIP package is damaged or incomplete.*version 8.1"):
        read_document(bytes(data), "a.docx")


def test_limits_configured_in_code_reach_the_readers():
    before = limits.current()
    try:
        limits.configure(pages=2)
        with pytest.raises(LimitExceeded, match="the PDF has 3 pages; the limit is 2 pages"):
            read_document(hostile_files.pdf_of(3), "a.pdf")
    finally:
        limits.configure(before)
    assert read_document(hostile_files.pdf_of(3), "a.pdf").text.count("2024") == 3


def test_a_flate_stream_with_a_damaged_checksum_inflates_in_linear_time():
    from pdfminer import pdftypes

    import parsers.readers.pdf  # noqa: F401  (it replaces pdfminer's quadratic repair)

    body = bytes(range(256)) * 20_000                 # 5 MB out of a few KB
    stream = zlib.compress(body)
    damaged = stream[:-2] + bytes(2)                  # the Adler-32 checksum broken
    with pytest.raises(zlib.error):
        zlib.decompress(damaged)
    assert pdftypes.decompress_corrupted(damaged) == body
    with pytest.raises(zlib.error):                   # damage before the checksum still fails
        pdftypes.decompress_corrupted(stream[:10] + bytes(50) + stream[60:])


def test_a_long_digit_string_in_a_label_cell_is_not_a_row_label():
    # the numbering prefix of the label patterns once backtracked exponentially on such a cell
    # (a fuzzed page ran past the 180 s limit); now this returns at once
    from parsers import schema

    digits = "18446744073709551617" * 3
    assert not any(row.matches(schema.normalize_label(digits + "x")) for row in schema.APPLICATIONS_ROWS)
    assert any(row.matches(schema.normalize_label("三（一）予以公开")) for row in schema.APPLICATIONS_ROWS)


# --- the worker -------------------------------------------------------------------------------

def test_a_worker_past_its_memory_limit_is_refused_and_the_next_job_runs():
    small = limits.current().replace(memory_mb=300)
    with pytest.raises(LimitExceeded, match="needed too much memory; the limit is 300 MiB.*NIANBAO_MAX_MEMORY_MB"):
        isolation.run(bytearray, 600 * 1024 * 1024, limits=small)
    assert isolation.run(len, b"abc", limits=small) == 3


def test_a_worker_past_its_time_limit_is_killed_and_the_next_job_runs():
    quick = limits.current().replace(seconds=1)
    start = time.perf_counter()
    with pytest.raises(LimitExceeded, match="took too long; the limit is 1 seconds.*NIANBAO_MAX_SECONDS"):
        isolation.run(time.sleep, 60, limits=quick)
    assert time.perf_counter() - start < 50   # killed, not left to sleep its 60 s
    assert isolation.run(len, b"ab", limits=quick) == 2


def test_a_worker_that_dies_is_a_read_error_not_a_crash():
    with pytest.raises(ReadError, match="parser process exited with status 3"):
        isolation.run(os._exit, 3)
    assert isolation.run(len, b"a") == 1


def test_a_pdf_parsed_in_a_worker_equals_one_read_here():
    data = real_file("huaian-2024.pdf").read_bytes()
    cpu = isolation.worker_cpu_seconds()
    report = parse_bytes(data, "huaian.pdf")
    assert isolation.worker_cpu_seconds() > cpu       # it ran in a worker
    assert report.errors == [] and len(report.facts) >= 150
    from parsers.parse import _parse
    here = _parse(data, "huaian.pdf", None, report.sha256)
    assert report.values() == here.values() and report.sha256 == here.sha256


def test_a_memory_bomb_in_a_pdf_stream_is_refused_by_the_worker(batch):
    report = parse_bytes(batch["flate.pdf"].data, "flate.pdf")
    assert report.errors == [report.errors[0]] and "NIANBAO_MAX_MEMORY_MB" in report.errors[0]
    assert report.sha256 and report.facts == {}


# --- encrypted and truncated ------------------------------------------------------------------

@pytest.mark.parametrize("strength", [40, 128])
def test_a_pdf_with_only_an_owner_password_is_read(strength):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=StandardEncryption("", "owner-secret", canCopy=0, strength=strength))
    page.drawString(72, 720, "2024 annual report 17")
    page.showPage()
    page.save()
    doc = read_document(out.getvalue(), "a.pdf")
    assert doc.text == "2024 annual report 17" and not doc.incomplete


def test_a_pdf_that_needs_a_password_is_named_encrypted(batch):
    with pytest.raises(ReadError, match="^not a readable PDF: it is encrypted: a password is needed"):
        read_document(batch["encrypted.pdf"].data, "a.pdf")


def test_a_pdf_without_its_end_is_incomplete_and_keeps_what_it_read():
    data = real_file("huaian-2024.pdf").read_bytes()
    complete = parse_bytes(data, "a.pdf")
    assert not [e for e in complete.errors if "incomplete" in e]
    cut = data[:data.rindex(b"%%EOF") - 200]
    report = parse_bytes(cut, "a.pdf")
    assert any("incomplete" in e for e in report.errors)


def test_html_cut_in_the_middle_of_its_table_is_incomplete():
    data = real_file("pingtan-2024.html").read_bytes()
    whole = parse_bytes(data, "a.html")
    assert whole.errors == []
    cut = data[:data.index(b"</table>") - 300]
    report = parse_bytes(cut, "a.html")
    assert "the page is incomplete: it ends before its closing </body></html>" in report.errors
    fragment = b"<table><tr><td>\xe6\x94\xb6\xe5\x88\xb0</td><td>3</td></tr><tr><td>"
    assert read_document(fragment, "a.html").incomplete == ["the page is incomplete: it ends inside a table"]


def test_text_cut_in_a_table_row_or_a_character_is_incomplete():
    rows = "项目\t自然人\t商业企业\t其他\n收到申请数\t3\t4\t5\n办理结果\t1\t2\t3\n".encode()
    assert read_document(rows, "a.txt").incomplete == []
    assert read_document(rows.rstrip(b"\n"), "a.txt").incomplete == []   # no final line break: still whole
    cut = rows[:rows.rindex(b"\t3")]                                   # the last row loses its last cell
    assert "ends with 3 of the 4 cells" in read_document(cut, "a.txt").incomplete[0]
    broken = rows[:rows.rindex("果".encode()) + 2]
    assert read_document(broken, "a.txt").incomplete == ["the text is incomplete: it ends in the middle of a character"]


def test_a_text_report_cut_between_the_lines_of_its_table_is_incomplete(tmp_path):
    from parsers.samples import generate_corpus

    texts = [p for p, _ in generate_corpus(tmp_path, 14, 5) if p.name.endswith(("text_fixed.txt", "markdown.md"))]
    assert len(texts) == 2
    for path in texts:
        data = path.read_bytes()
        cut = data[:data.index(b"\n", data.index("予以公开".encode())) + 1]
        assert read_document(data, path.name).incomplete == []
        assert read_document(cut, path.name).incomplete == [
            "the text is incomplete: it ends inside a table (a report's text goes on after its tables)"]


def test_a_cut_docx_is_incomplete():
    data = real_file("template-2021.docx").read_bytes()
    with pytest.raises(ReadError, match="^not a DOCX: the ZIP package is damaged or incomplete"):
        read_document(data[: len(data) * 2 // 3], "a.docx")


def test_generated_and_real_documents_are_not_called_incomplete(tmp_path, real):
    from parsers.samples import generate_corpus

    paths = [path for path, _ in generate_corpus(tmp_path, 28, 3)]
    paths += [p for p in real.iterdir() if p.suffix in (".html", ".pdf", ".docx")]
    for path in paths:
        doc = read_document(path.read_bytes(), path.name)
        assert doc.incomplete == [], path.name


# --- smaller: names, messages, encodings ------------------------------------------------------

def test_a_file_name_that_is_not_utf8_comes_out_as_valid_json(tmp_path):
    name = os.fsencode(tmp_path) + b"/\xc4\xea-\xff.html"   # 年 in GBK, and a stray byte
    with open(name, "wb") as file:
        file.write(b"<html><body><p>2024</p></body></html>")
    out = subprocess.run([sys.executable, "-c", "from nianbao.cli import main; main()", "parse", name],
                         capture_output=True, check=True).stdout
    report = json.loads(out.decode("utf-8"))
    assert report["path"].endswith("/\\xc4\\xea-\\xff.html")


def test_an_image_error_does_not_print_a_python_object():
    with pytest.raises(ReadError) as raised:
        read_document(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "scan.png")
    assert "object at 0x" not in str(raised.value) and "BytesIO" not in str(raised.value)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(encoding):
    text = "一、总体情况\n收到申请数\t12\t3\n二、主动公开\n"
    assert read_document(text.encode(encoding), "a.txt").text == text.rstrip("\n")
    page = "<html><body><p>政府信息公开 2024</p></body></html>"
    assert read_document(page.encode(encoding), "a.html").text == "政府信息公开 2024"

