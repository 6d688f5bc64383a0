"""Which links and pages are 政府信息公开工作年度报告, and what their titles and
meta tags say: report year, reporting agency, publication date.

Pure functions on strings, shared by the discovery step (``discovery``
weighs links with them), the list adapters (which items are reports) and the report
callback (year / agency hints for the archive)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# Title -> year / agency has one home, the parser's metadata: a link is judged
# by the same reading as the document it leads to.
from parsers.metadata import agency_from_title as agency_from_title
from parsers.metadata import report_year
from parsers.readers.formats import ATTACHMENT_EXTENSIONS

# An annual report names the disclosure work and the yearly report.
_SUBJECT = re.compile(r"(政府|政务)?信息公开|政务公开")
_REPORT = re.compile(r"年度?报告|年报|工作情况的?报告")
# Other yearly documents that sit in the same columns and share words.
_EXCLUDE = re.compile(
    r"法治政府|依法行政|工作要点|工作计划|工作方案|决算|预算|政府工作报告|统计公报|国民经济"
    r"|社会发展统计|审计(?![局厅署])|解读|图解|一图读懂|征集|通知|意见|考核|测评|评估报告|培训|会议"
)


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def is_annual_report_title(title: str | None, *, in_report_column: bool = False) -> bool:
    """True for the title of a 政府信息公开工作年度报告 (not 法治政府建设年度报告,
    工作要点, 决算, 政府工作报告 …); it names the year reported on (a link
    named "政府信息公开年报" is the column, not a report). Inside a column of
    annual reports a title that only says "XX局2023年度报告" is accepted too."""
    text = _clean(title)
    if not text or _EXCLUDE.search(text) or not _REPORT.search(text) or report_year(text) is None:
        return False
    return in_report_column or bool(_SUBJECT.search(text))


def is_truncated(title: str | None) -> bool:
    """List pages cut long titles: "平潭综合实验区2024年度政府信息公开工…"."""
    return _clean(title).endswith(("…", "...", "..", "。。。"))


def year_from_pubdate(pubdate: str | None) -> int | None:
    """A report without a year in its title is, by law, about the year before
    its publication (reports are due by 31 January, formerly 31 March)."""
    match = re.match(r"\s*((?:19|20)\d{2})", pubdate or "")
    return int(match.group(1)) - 1 if match else None


_INDEX_PAGE = re.compile(r"^(index|list|nlist|default)?[\w-]*\.(s?html?|jsp|php|aspx?)$|^[^.]*$", re.I)
def looks_like_index(url: str) -> bool:
    """A column's address (``…/zfxxgknb/``, ``…/index.html``, ``…/nlist.htm``),
    not an article (``…/t20250310_97791.htm``, ``…/art_1_2.html``)."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    if re.match(r"^(t\d{8}_|art_|content_|\d{5,})", last, re.I):
        return False
    return bool(_INDEX_PAGE.match(last))


def is_other_yearly_document(text: str | None) -> bool:
    """法治政府建设年度报告, 工作要点, 决算 …: yearly documents that share words with the reports."""
    return bool(_EXCLUDE.search(_clean(text)))


def attachment_extension(url: str, text: str | None = None) -> str | None:
    """The file extension of a download link (an attachment ending of the
    format table): from its path, from a ``filename=``/``file=`` query value
    (download scripts), or from its text."""
    parts = urlsplit(url)
    candidates = [parts.path]
    candidates += [unquote(v) for v in re.findall(r"(?:^|&)(?:file|filename|fileName|name|path)=([^&]+)", parts.query)]
    candidates.append(_clean(text))
    for candidate in candidates:
        lowered = candidate.lower()
        for ext in ATTACHMENT_EXTENSIONS:
            if lowered.endswith(ext):
                return ext
    return None
