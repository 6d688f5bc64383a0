"""Report metadata: the title as printed, the reporting body and the year
reported on (never the publication year).

The one home of "title → year / agency": the parser reads a document's title
with these functions and the crawler's link filters (``crawler/filters.py``)
read link texts and page titles with the same ones."""

from __future__ import annotations

import re

from .model import Document

# A year as reports print it: 2024, ２０２４, 二〇二四 / 二○二四 / 二零二四 / 二O二四.
_CN_DIGITS = str.maketrans("〇零○◯ＯO一二三四五六七八九０１２３４５６７８９",
                           "000000123456789" "0123456789")
_ZERO = "〇零○◯ＯO"
_YEAR = (rf"(?:19|20)\d{{2}}|[１２][０-９]{{3}}"
         rf"|[{_ZERO}一二][{_ZERO}一二三四五六七八九]{{3}}")
_YEAR_WORD = re.compile(rf"(?P<year>{_YEAR})年")
# What the report is about: 政府信息公开, or in some titles 政务信息公开 / 政务公开.
_SUBJECT = r"(?:政府信息|政务信息|政务)公开"
_REPORT = r"(?:工作)?(?:情况)?(?:的)?(?:年度)?(?:工作)?报告"
# <agency><year>年(度)政府信息公开(工作)(年度)报告, or the year first, or 关于…的报告.
_TITLE = re.compile(rf"^(?P<pre>.*?)(?P<year>{_YEAR})年度?(?P<mid>.*?){_SUBJECT}{_REPORT}")
# <agency>政府信息公开(工作)<year>年度报告
_TITLE_YEAR_LAST = re.compile(
    rf"^(?P<pre>.*?){_SUBJECT}(?:工作)?(?P<year>{_YEAR})年度?(?:工作)?(?:年度)?报告")
# <agency>政府信息公开工作年度报告（<year>年度）
_TITLE_YEAR_AFTER = re.compile(
    rf"^(?P<pre>.*?){_SUBJECT}{_REPORT}[（(](?P<year>{_YEAR})年度?[)）]$")
_TITLE_LIKE = re.compile(rf"{_SUBJECT}.{{0,8}}报告")
_YEAR_LINE = re.compile(rf"^[（(]?(?:{_YEAR})年度?[)）]?$")

_AGENCY_END = re.compile(
    r"(?:政府|委员会|管委会|管理委员会|办公室|办公厅|局|厅|委|院|署|部|镇|乡|街道|街道办事处|中心|所|会|处|队|站|馆|公司|区|县|市|省|旗)$")
_COMPILED_BY = re.compile(r"本报告由(?P<agency>[^，,。（(]{2,40}?)(?:根据|按照|依据|依照|编制)|"
                          r"由(?P<agency2>[^，,。（(由]{2,40}?)编制")
# The signature closing a report: the body's name, then the date it signed.
_DAY = r"[0-9０-９〇○零一二三四五六七八九十]{1,3}"
_DATE = re.compile(rf"^(?:{_YEAR})年{_DAY}月{_DAY}日$")
_SIGNED = re.compile(rf"^(?P<agency>[^\d：:，,。；;、]{{2,40}}?)(?:{_YEAR})年{_DAY}月{_DAY}日$")
_MARKUP = re.compile(r"^[#>*\s]+|[*]+$")
_PERIOD = re.compile(
    rf"统计(?:期限|时限|时间|区间)[^。]{{0,12}}?(?P<year>{_YEAR})年(?:1|一|０?１|01)月(?:1|一|０?１|01)日")
_NOISE = re.compile(r"[\s\u3000\u00a0]+")


def _compact(text: str | None) -> str:
    return _NOISE.sub("", text or "")


def report_year(text: str | None) -> int | None:
    """The first year (2000–2100) a string names before 年: "2023年度",
    "二〇二三年", "２０２３ 年" (white space ignored)."""
    for match in _YEAR_WORD.finditer(_compact(text)):
        year = int(match["year"].translate(_CN_DIGITS))
        if 2000 <= year <= 2100:
            return year
    return None


def _title_match(title: str):
    """(the words naming the body, the year) of a title of the usual shapes."""
    for pattern in (_TITLE, _TITLE_YEAR_LAST, _TITLE_YEAR_AFTER):
        m = pattern.match(title)
        if m:
            return m["pre"] or m.groupdict().get("mid") or "", m["year"]
    return None


def _strip_agency(words: str) -> str:
    return re.sub(r"^关于|关于$|的$", "", words.strip("（()）【】[]《》 ")).strip("（()）【】[]《》 ")


def agency_from_title(title: str | None) -> str | None:
    """The reporting body a title names: "平潭综合实验区2024年度…" ->
    "平潭综合实验区"; "二〇二二年度石门县政府信息公开…" -> "石门县";
    "2023年XX局政府信息公开年报" -> "XX局"; None when it names none."""
    text = _compact(title)
    found = _title_match(text)
    if found:
        return _strip_agency(found[0]) or None
    match = _YEAR_WORD.search(text)
    if not match:
        return None
    before = _strip_agency(text[: match.start()])
    if before:
        return before
    after = re.sub(r"^度", "", text[match.end():])
    subject = re.search(rf"{_SUBJECT}|信息公开", after)
    return (_strip_agency(after[: subject.start()]) or None) if subject else None


def _clean_title(text: str) -> str:
    text = _compact(text)
    return re.split(r"[_|｜]|--", text)[0].strip("-— ")


def _is_title_line(line: str) -> bool:
    """A line that could be a report's title: short, report words, not a
    sentence or a breadcrumb."""
    return len(line) <= 70 and bool(_TITLE_LIKE.search(line)) and not re.search(r"[。；，>＞»]", line)


def _lists_reports(lines: list[str]) -> bool:
    """A page listing reports (a column's list page) names three or more
    years in title-like lines: none of them is the page's own title."""
    return len({report_year(line) for line in lines if _is_title_line(line)} - {None}) >= 3


def _title_candidates(doc: Document):
    """Titles in the order of trust: the first title-like line of the
    document (joined with the agency line above it, or the year line below
    it) unless the page lists reports of several years, then metadata titles."""
    lines = [_MARKUP.sub("", _compact(line)) for line in doc.text.splitlines()]
    lines = [line for line in lines if line]
    for i, compact in enumerate([] if _lists_reports(lines) else lines[:80]):
        if not _is_title_line(compact):
            continue
        if report_year(compact) is None and i + 1 < len(lines) and _YEAR_LINE.match(lines[i + 1]):
            year = lines[i + 1].strip("（()）")
            compact += f"（{year}）"
        found = _title_match(compact)
        if found and not _strip_agency(found[0]) and i > 0:
            above = lines[i - 1]
            if len(above) <= 30 and _AGENCY_END.search(above):
                compact = above + compact
        yield compact
        break
    for meta in ("ArticleTitle", "title", "Title"):
        if doc.meta.get(meta):
            yield _clean_title(doc.meta[meta])
    if doc.title:
        yield _clean_title(doc.title)


def title_of(doc: Document) -> str | None:
    candidates = [t for t in _title_candidates(doc) if t]
    for title in candidates:
        if _title_match(title):
            return title
    for title in candidates:
        if _TITLE_LIKE.search(title):
            return title
    return None


def _signature(lines: list[str]) -> str | None:
    """The body named on the last signature of the text: its name on a line
    of its own above the date (or before the date on the same line)."""
    for i in range(len(lines) - 1, 0, -1):
        line = lines[i]
        if _DATE.match(line):
            name = lines[i - 1]
        else:
            signed = _SIGNED.match(line)
            if not signed:
                continue
            name = signed["agency"]
        if len(name) <= 40 and _AGENCY_END.search(name) and not re.search(r"[：:，,。；;、]", name):
            return name
    return None


def agency_of(title: str | None, text: str) -> str | None:
    """The body the title names, else the one that says it compiled the report
    (本报告由…编制), else the one that signed it."""
    agency = agency_from_title(title)
    if agency:
        return agency
    compact = _compact(text)
    for m in _COMPILED_BY.finditer(compact[:3000] + "。" + compact[-3000:]):
        agency = m["agency"] or m["agency2"]
        if _AGENCY_END.search(agency):
            return agency
    return _signature([_compact(line) for line in text.splitlines() if line.strip()])


def year_of(title: str | None, text: str) -> int | None:
    """The year the title names, else the first year of the statistics period."""
    year = report_year(title) if title and _title_match(_compact(title)) else None
    if year:
        return year
    m = _PERIOD.search(_compact(text[:5000]))
    if m:
        return int(m["year"].translate(_CN_DIGITS))
    return None
