"""OFD (GB/T 33190, China's fixed-layout format): a ZIP whose ``OFD.xml``
names the document root, whose ``Document.xml`` lists the pages, and whose
page ``Content.xml`` holds positioned ``TextObject``/``TextCode`` runs. Each
glyph's position comes from the object's ``Boundary``, the code's X/Y and
its ``DeltaX`` advances; glyphs then become lines and cells exactly like
the unruled text of a PDF (coordinates in millimetres)."""

from __future__ import annotations

import posixpath

import lxml.etree

from ..limits import check
from ..model import Document, ReadError
from .cells import rows_text
from .layout import Word, join_glyphs, words_to_rows
from .zips import ZipPackage

_NS = "{http://www.ofdspec.org/2016}"


def read_ofd(data: bytes) -> Document:
    package = ZipPackage(data, "an OFD")
    names = {name.lower(): name for name in package.names()}
    try:
        root = _xml(package, names, "OFD.xml")
        doc_root = root.findtext(f".//{_NS}DocRoot")
        if not doc_root:
            raise ReadError("not an OFD: OFD.xml names no document (DocRoot)")
        doc_path = doc_root.strip().lstrip("/")
        document = _xml(package, names, doc_path)
        pages = list(document.iter(f"{_NS}Page"))
        check("pages", len(pages), f"the OFD has {len(pages):,} pages")
        rows = []
        for number, page in enumerate(pages, start=1):
            location = page.get("BaseLoc", "")
            path = location.lstrip("/") if location.startswith("/") else posixpath.join(
                posixpath.dirname(doc_path), location)
            glyphs = list(_glyphs(_xml(package, names, posixpath.normpath(path))))
            rows.extend(cells for _, cells in words_to_rows(join_glyphs(glyphs), page=number))
    except (lxml.etree.XMLSyntaxError, KeyError, ValueError) as exc:
        raise ReadError(f"not an OFD: {exc}") from None
    title = root.findtext(f".//{_NS}Title") or None
    return Document(format="ofd", rows=rows, text=rows_text(rows), title=title)


def _xml(package: ZipPackage, names: dict[str, str], path: str):
    name = names.get(path.lower())
    if name is None:
        raise ReadError(f"not an OFD: the package has no {path}")
    return lxml.etree.fromstring(package.read(name))


def _numbers(text: str | None, needed: int) -> list[float]:
    """The first ``needed`` numbers of an OFD DeltaX list, where ``g N d``
    stands for N times d (N within the ``expanded_numbers`` limit)."""
    tokens = (text or "").split()
    values: list[float] = []
    i = 0
    while i < len(tokens) and len(values) < needed:
        if tokens[i] == "g" and i + 2 < len(tokens):
            count = int(tokens[i + 1])
            check("expanded_numbers", count, f"an OFD glyph run repeats an advance {count:,} times")
            values.extend([float(tokens[i + 2])] * min(count, needed - len(values)))
            i += 3
        else:
            values.append(float(tokens[i]))
            i += 1
    return values


def _glyphs(content):
    """Every glyph of a page as a Word of one character."""
    for obj in content.iter(f"{_NS}TextObject"):
        box = [float(v) for v in (obj.get("Boundary") or "0 0 0 0").split()]
        size = float(obj.get("Size") or 3.5)
        x = y = 0.0
        for code in obj.iter(f"{_NS}TextCode"):
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            text = code.text or ""
            advances = _numbers(code.get("DeltaX"), len(text))
            for i, ch in enumerate(text):
                width = advances[i] if i < len(advances) else size
                if not ch.isspace():
                    left = box[0] + x
                    yield Word(ch, left, left + min(width, size), box[1] + y - size, box[1] + y)
                x += width
