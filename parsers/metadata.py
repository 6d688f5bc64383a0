"""Report metadata: the title as printed, the reporting body and the year
reported on (never the publication year)."""

from __future__ import annotations

import re

from .model import Document

_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_YEAR = r"(?:19|20)\d{2}|[〇零○Ｏ一二][〇零○Ｏ一二三四五六七八九]{3}"
# <agency><year>年(度)政府信息公开(工作)(年度)报告, or the year first, or 关于…的报告.
_TITLE = re.compile(
    r"^(?P<pre>.*?)(?P<year>" + _YEAR + r")年度?(?P<mid>.*?)政府信息公开(?:工作)?(?:情况)?(?:的)?(?:年度)?(?:工作)?报告"
)
# <agency>政府信息公开(工作)<year>年度报告
_TITLE_YEAR_LAST = re.compile(
    r"^(?P<pre>.*?)政府信息公开(?:工作)?(?P<year>" + _YEAR + r")年度?(?:工作)?(?:年度)?报告"
)
_TITLE_LIKE = re.compile(r"政府信息公开.{0,8}报告")


def _title_match(title: str):
    m = _TITLE.match(title)
    if m:
        return m["pre"] or m["mid"], m["year"]
    m = _TITLE_YEAR_LAST.match(title)
    if m:
        return m["pre"], m["year"]
    return None
_AGENCY_END = re.compile(
    r"(?:政府|委员会|管委会|管理委员会|办公室|办公厅|局|厅|委|院|署|部|镇|乡|街道|街道办事处|中心|所|会|处|队|站|馆|公司|区|县|市|省|旗)$")
_COMPILED_BY = re.compile(r"本报告由(?P<agency>[^，,。（(]{2,40}?)(?:根据|按照|依据|依照|编制)|"
                          r"由(?P<agency2>[^，,。（(由]{2,40}?)编制")
_MARKUP = re.compile(r"^[#>*\s]+|[*]+$")
_PERIOD = re.compile(r"统计(?:期限|时限|时间)[^。]{0,12}?(?P<year>(?:19|20)\d{2})年\s*1\s*月\s*1\s*日")
_NOISE = re.compile(r"[\s\u3000\u00a0]+")


def _year(text: str) -> int:
    return int(text.translate(_CN_DIGITS))


def _clean_title(text: str) -> str:
    text = _NOISE.sub("", text)
    return re.split(r"[_|｜]|--", text)[0].strip("-— ")


def _title_candidates(doc: Document):
    """Titles in the order of trust: the first title-like line of the
    document (joined with the agency line above it), then metadata titles."""
    lines = [_MARKUP.sub("", _NOISE.sub("", line)) for line in doc.text.splitlines()]
    lines = [line for line in lines if line]
    for i, compact in enumerate(lines[:80]):
        if len(compact) > 70 or not _TITLE_LIKE.search(compact):
            continue
        if re.search(r"[。；，>＞»]", compact):      # a sentence or a breadcrumb
            continue
        m = _TITLE.match(compact)
        if m and m["pre"] in ("", "关于") and not m["mid"] and i > 0:
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


def agency_of(title: str | None, text: str) -> str | None:
    found = _title_match(title) if title else None
    if found:
        agency = re.sub(r"^关于|关于$|的$", "", found[0].strip())
        if agency:
            return agency
    for m in _COMPILED_BY.finditer(_NOISE.sub("", text[:3000])):
        agency = m["agency"] or m["agency2"]
        if _AGENCY_END.search(agency):
            return agency
    return None


def year_of(title: str | None, text: str) -> int | None:
    found = _title_match(title) if title else None
    if found:
        return _year(found[1])
    m = _PERIOD.search(_NOISE.sub("", text[:5000]))
    if m:
        return int(m["year"])
    return None
