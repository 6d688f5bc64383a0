"""The readers behind conversion or positioning: DOC/RTF through LibreOffice,
OFD packages, scanned images through OCR."""

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from parsers.readers import ReadError, read_document

FILES = Path(__file__).parent / "files" / "readers"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


def texts(row):
    return [c.text for c in row]


def find_row(doc, text):
    return next(row for row in doc.rows if any(c.text == text for c in row))


@needs_soffice
@pytest.mark.slow   # LibreOffice
@pytest.mark.parametrize("name, fmt", [("ruled.doc", "doc"), ("ruled.rtf", "rtf")])
def test_office_formats_via_libreoffice(name, fmt):
    doc = read_document((FILES / name).read_bytes(), name)
    assert doc.format == fmt
    header = find_row(doc, "法人或其他组织")
    assert [(c.col, c.span) for c in header] == [(0, 1), (1, 1), (2, 5), (7, 1)]
    row = find_row(doc, "1.不予公开的第1种情形")
    assert texts(row) == ["1.不予公开的第1种情形", "1", "0", "0", "0", "0", "0", "1"]
    assert [c.col for c in row] == list(range(8))


def test_wps_name_on_ole_bytes_keeps_wps_format(monkeypatch):
    seen = {}

    def fake_convert(data, fmt, target):
        seen["fmt"], seen["target"] = fmt, target
        return (FILES / "ruled.docx").read_bytes()

    monkeypatch.setattr("parsers.readers.office.convert", fake_convert)
    doc = read_document((FILES / "ruled.doc").read_bytes(), "年报.wps")
    assert doc.format == "wps" and seen == {"fmt": "wps", "target": "docx"}


def test_missing_libreoffice_is_a_read_error(monkeypatch):
    monkeypatch.setattr("parsers.readers.office.shutil.which", lambda name: None)
    with pytest.raises(ReadError, match="LibreOffice .* not installed"):
        read_document((FILES / "ruled.doc").read_bytes(), "report.doc")


def make_ofd(lines: list[list[tuple[float, str]]]) -> bytes:
    """An OFD package with one page: each line a list of (x in mm, text)."""
    objects = []
    for n, line in enumerate(lines):
        y = 30 + 8 * n
        for x, text in line:
            width = 4.0 * len(text)
            objects.append(
                f'<ofd:TextObject ID="{len(objects) + 10}" Boundary="{x} {y} {width} 5" Font="3" Size="4">'
                f'<ofd:TextCode X="0" Y="4" DeltaX="g {len(text) - 1} 4">{text}</ofd:TextCode>'
                "</ofd:TextObject>")
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    files = {
        "OFD.xml": f'<ofd:OFD {ns} Version="1.0"><ofd:DocBody><ofd:DocInfo><ofd:Title>年度报告</ofd:Title>'
                   "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<ofd:Document {ns}><ofd:Pages>'
                              '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        "Doc_0/Pages/Page_0/Content.xml": f'<ofd:Page {ns}><ofd:Content><ofd:Layer ID="2">'
                                          + "".join(objects) + "</ofd:Layer></ofd:Content></ofd:Page>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
    return out.getvalue()


def test_ofd_positioned_text_to_cells():
    data = make_ofd([
        [(20, "三、收到和处理政府信息公开申请情况")],
        [(20, "一、本年新收申请数量"), (100, "80"), (120, "1"), (160, "81")],
        [(20, "二、上年结转"), (100, "3"), (160, "3")],
    ])
    doc = read_document(data, "report.ofd")
    assert doc.format == "ofd" and doc.title == "年度报告"
    assert [texts(r) for r in doc.rows] == [
        ["三、收到和处理政府信息公开申请情况"],
        ["一、本年新收申请数量", "80", "1", "81"],
        ["二、上年结转", "3", "3"],
    ]
    first, second = doc.rows[1], doc.rows[2]
    assert first[1].x0 == second[1].x0 == 100 and first[3].x0 == second[2].x0 == 160
    assert all(c.page == 1 for c in first)


def test_zip_without_ofd_document_root():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
    with pytest.raises(ReadError, match="not an OFD"):
        read_document(out.getvalue(), "a.ofd")


@pytest.mark.slow   # RapidOCR
def test_scanned_image_ocr():
    pytest.importorskip("rapidocr_onnxruntime")
    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 28)
    image = Image.new("RGB", (900, 170), "white")
    draw = ImageDraw.Draw(image)
    for y, cells in ((20, [(20, "一、本年新收政府信息公开申请数量"), (600, "3001"), (760, "3119")]),
                     (100, [(20, "二、上年结转"), (600, "34"), (760, "34")])):
        for x, text in cells:
            draw.text((x, y), text, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    doc = read_document(out.getvalue(), "scan.png")
    assert doc.format == "image"
    # the reader keeps what OCR read, which may add a stray mark after 、: compare the rest exactly
    first, second = doc.rows
    assert texts(first)[1:] == ["3001", "3119"] and "本年新收政府信息公开申请数量" in first[0].text
    assert texts(second)[1:] == ["34", "34"] and second[0].text.endswith("上年结转")
    assert abs(doc.rows[0][1].x0 - doc.rows[1][1].x0) < 5
