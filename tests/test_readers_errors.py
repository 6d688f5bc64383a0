"""Bad input: every failure is a ReadError in plain words (how quickly:
``python -m bench badinput``); a page with nothing in it is an empty document,
not an error.  The damaged files are cut from LibreOffice-made documents in
``tests/files/readers``."""

import io
import zipfile
from pathlib import Path

import pytest

from parsers.readers import ReadError, read_document

FILES = Path(__file__).parent / "files" / "readers"
PDF = (FILES / "ruled.pdf").read_bytes()
DOCX = (FILES / "ruled.docx").read_bytes()


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def damaged_docx() -> bytes:
    """A DOCX whose main part is cut in the middle of its XML."""
    source = zipfile.ZipFile(io.BytesIO(DOCX))
    files = {name: source.read(name) for name in source.namelist()}
    files["word/document.xml"] = files["word/document.xml"][:5000]
    return zip_of(files)


CASES = [
    ("empty", b"", "report.pdf", r"^empty file \(0 bytes\)$"),
    ("truncated pdf", PDF[:20000], "report.pdf", r"^not a readable PDF: "),
    ("pdf header only", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<", "report.pdf", r"^not a readable PDF: "),
    ("html named pdf", b"<html><body>404 Not Found</body></html>", "report.pdf", r"^not a readable PDF: .*HTML"),
    ("docx that is text", b"File not found", "report.docx", r"^not a DOCX: .*plain text"),
    ("docx that is html", b"<!DOCTYPE html><html><body>error</body></html>", "a.docx", r"^not a DOCX: .*HTML"),
    ("truncated docx zip", DOCX[:4000], "report.docx", r"^not a DOCX: .*ZIP"),
    ("damaged docx xml", damaged_docx(), "report.docx", r"^not a DOCX: "),
    ("zip archive", zip_of({"a.txt": b"1", "b/c.pdf": b"2"}), "files.zip", r"^a ZIP archive of 2 files: a.txt, b/c.pdf$"),
    ("zip named docx", zip_of({"readme.txt": b"x"}), "report.docx", r"^not a DOCX: a ZIP archive of 1 file: readme.txt"),
    ("truncated doc", (FILES / "ruled.doc").read_bytes()[:30000], "report.doc", r"^not a DOC: .*truncated"),
    ("binary junk", bytes(range(256)) * 4, "report.bin", r"^unrecognised file format"),
    ("broken image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "scan.png", r"^not an image: "),
]


@pytest.mark.parametrize("name, data, filename, message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_a_read_error(name, data, filename, message):
    with pytest.raises(ReadError, match=message) as raised:
        read_document(data, filename)
    assert "Traceback" not in str(raised.value)


def test_html_without_text_is_an_empty_document():
    doc = read_document(b"<html><body><div> </div><script>var a;</script></body></html>", "x.html")
    assert doc.rows == [] and doc.text == ""


def test_misnamed_but_recognisable_file_reads_with_a_warning():
    doc = read_document(DOCX, "report.doc")
    assert doc.format == "docx"
    assert any("report.doc" in w and "DOCX" in w for w in doc.warnings)


def test_pdf_without_text_layer_warns():
    blank = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
             b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
             b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
             b"trailer<</Root 1 0 R>>\n%%EOF")
    doc = read_document(blank, "scan.pdf")
    assert doc.rows == [] and any("no text layer" in w for w in doc.warnings)
