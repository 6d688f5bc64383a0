"""The documents behind the mock items: each report rendered by
``parsers.samples`` (HTML body for the page, or a PDF/DOCX/DOC… file), the
facts a parse of it must give, and the bodies of distractors.  A few reports
print a number wrong, as real ones do, so that some checks fail."""

from __future__ import annotations

import functools
import hashlib
import html as htmlmod
import os
import random
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.html

from parsers import samples
from parsers.readers.office import convert

if TYPE_CHECKING:
    from .catalog import Item

# How a report may be delivered: in the page body (an HTML shape of
# ``parsers.samples``), as a file (a samples shape, or a DOC/WPS converted
# from the DOCX by LibreOffice), in a pdf.js viewer or in an iframe.
# LibreOffice takes seconds per conversion; its outputs are kept on disk, by content.
CACHE_DIR = Path(os.environ.get("NIANBAO_MOCK_CACHE")
                 or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nianbao" / "mocksite")
BODY_SHAPES = ("html", "html_flat", "html_rows")
OFFICE_FORMATS = ("doc", "wps")  # WPS Office saves .wps files in the Word 97 binary format
FILE_OF = {"viewer": "pdf_ruled", "iframe": "html"}
MISPRINT_RATE = 0.08


def level_of(agency: str) -> str:
    if agency.endswith(("镇人民政府", "乡人民政府", "街道办事处")):
        return "乡镇"
    if agency.endswith("人民政府"):
        return "县"
    return "部门"


@functools.cache
def make_truth(seeds: tuple[int, ...], agency: str, year: int) -> samples.Truth:
    """``agency``'s report for ``year`` drawn from ``seeds[-1]``, carrying on
    from its report for the year before drawn from ``seeds[:-1]`` (and so on);
    misprinted for a few seeds."""
    previous = make_truth(seeds[:-1], agency, year - 1) if len(seeds) > 1 else None
    return samples.make_truth(seeds[-1], agency=agency, year=year, template="2019" if year == 2019 else "2021",
                              level=level_of(agency), misprint=misprinted(seeds[-1]), previous=previous)


def misprinted(seed: int) -> bool:
    return random.Random(f"misprint:{seed}").random() < MISPRINT_RATE


def truth(item: Item) -> samples.Truth:
    return make_truth(item.earlier + (item.seed,), item.agency, item.year)


def expected(item: Item) -> dict:
    """What ``nianbao parse`` must say about this report (title, agency, year, template, facts…)."""
    return truth(item).expected()


@functools.lru_cache(maxsize=4096)
def report_body(item: Item) -> str:
    """The report as the inner HTML of a CMS article body (tables included)."""
    data, _ = samples.render(truth(item), item.delivery if item.delivery in BODY_SHAPES else "html")
    editor = lxml.html.document_fromstring(data).find_class("TRS_Editor")[0]
    return (editor.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in editor)


def extension(item: Item) -> str:
    """The file extension of a file delivery, known without rendering (pdf_ruled -> .pdf)."""
    if item.delivery in OFFICE_FORMATS:
        return "." + item.delivery
    return "." + FILE_OF.get(item.delivery, item.delivery).split("_")[0]


@functools.lru_cache(maxsize=256)
def report_file(item: Item) -> tuple[bytes, str]:
    """The report as a file: (content, extension such as ".pdf")."""
    if item.delivery in OFFICE_FORMATS:
        docx, _ = samples.render(truth(item), "docx")
        return converted(docx, "docx", "doc"), "." + item.delivery
    return samples.render(truth(item), FILE_OF.get(item.delivery, item.delivery))


def converted(data: bytes, fmt: str, target: str) -> bytes:
    """``data`` converted by LibreOffice, from the disk cache when the same
    bytes were converted before (any run, any process)."""
    path = CACHE_DIR / f"{hashlib.sha256(data).hexdigest()}.{fmt}.{target}"
    try:
        return path.read_bytes()
    except OSError:
        pass
    result = convert(data, fmt, target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            tmp.write(result)
        os.replace(tmp.name, path)
    except OSError:  # a read-only home: no cache, same result
        pass
    return result


def distractor_body(item: Item) -> str:
    """A plausible article for a look-alike: a few paragraphs, and for the
    accounting kinds a small table of numbers that are not report facts."""
    title = htmlmod.escape(item.title)
    paragraphs = [
        f"<p style=\"text-indent: 2em;\">为深入贯彻落实党中央、国务院决策部署，现将《{title}》全文公布如下。</p>",
        "<p style=\"text-indent: 2em;\">一、总体情况。全年围绕中心工作，统筹推进各项任务落实，取得积极成效。</p>",
        "<p style=\"text-indent: 2em;\">二、主要举措。健全工作机制，强化督促检查，推动工作规范化、制度化。</p>",
    ]
    if item.title.startswith("图解"):
        return f"<p><img src=\"/images/tujie_{item.id}.png\" alt=\"{title}\"/></p>"
    if "决算" in item.title or "报表" in item.title:
        seed = item.seed % 997
        paragraphs.append(
            "<table border=\"1\"><tr><td>项目</td><td>本年数</td><td>上年数</td></tr>"
            f"<tr><td>行政复议案件</td><td>{seed % 17}</td><td>{seed % 13}</td></tr>"
            f"<tr><td>网站总访问量</td><td>{seed * 131}</td><td>{seed * 97}</td></tr>"
            f"<tr><td>一般公共预算财政拨款支出</td><td>{seed * 7}.26</td><td>{seed * 5}.18</td></tr></table>")
    return "".join(paragraphs)


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082")
