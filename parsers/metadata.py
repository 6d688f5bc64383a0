"""Report metadata: the title as printed, the reporting body and the year
reported on (never the publication year).

The one home of "title → year / agency": the parser reads a document's title
with these functions and the crawler's link filters (``crawler/filters.py``)
read link texts and page titles with the same ones."""

from __future__ import annotations

import re
from itertools import accumulate

from .model import Document
from .places import starts_with_place

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
# <agency>政府信息公开(工作)(年度)报告, no year: a title only when it names a body.
_TITLE_NO_YEAR = re.compile(rf"^(?P<pre>.*?){_SUBJECT}{_REPORT}$")
_TITLE_LIKE = re.compile(rf"{_SUBJECT}.{{0,8}}报告")
_YEAR_LINE = re.compile(rf"^[（(]?(?:{_YEAR})年度?[)）]?$")

_AGENCY_END = re.compile(
    r"(?:政府|委员会|管委会|管理委员会|办公室|办公厅|局|厅|委|院|署|部|镇|乡|街道|街道办事处|中心|所|会|处|队|站|馆|公司|区|县|市|省|旗)$")
_NOT_A_NAME = re.compile(r"[\d０-９〔〕［］\[\]【】、：:，,。；;《》<>＜＞]|公开|报告|年报")
_NATIONAL = re.compile(r"^(?:国家|国务院|中共|中国|全国)")   # a national body's name starts so
_QUOTED = re.compile(r"《([^《》]{6,90})》")
_MAX_TITLE = 90       # characters of a title, its lines joined
_TITLE_LINES = 4      # lines a title is printed on, at most
_TOP_LINES = 80       # lines the title is looked for in
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


_PATTERNS = (_TITLE, _TITLE_YEAR_LAST, _TITLE_YEAR_AFTER)


def _title_match(title: str):
    """(the words naming the body, the year) of a title of the usual shapes;
    a title naming no year is one when it names a body ("XX局政府信息公开
    工作年度报告"): then the year is None."""
    for pattern in _PATTERNS:
        m = pattern.match(title)
        if m:
            return m["pre"] or m.groupdict().get("mid") or "", m["year"]
    m = _TITLE_NO_YEAR.match(title)
    if m and _agency_evidence(_strip_agency(m["pre"])):
        return m["pre"], None
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


def _agency_evidence(words: str) -> int:
    """How much words look like a body's name: 0 not a name (not ending as
    one, a column name, digits of a document number, the same place twice as
    when a letterhead is read into the title, 本机关 / 我镇), 1 a name, 2 a name starting
    with its place or as a national body's does (a name cut by a line break
    starts with neither)."""
    if not 2 <= len(words) <= 40 or not _AGENCY_END.search(words) or _NOT_A_NAME.search(words):
        return 0
    if len(words) >= 6 and words[:3] in words[3:]:
        return 0
    if starts_with_place(words) or _NATIONAL.match(words):
        return 2
    return 0 if words[0] in "本我该" else 1     # 本机关, 我镇, 该局: no name


def _title_evidence(text: str) -> float:
    """How much a string looks like a whole report title: 0 not one; 1 report
    words only; more for each of the usual shape ending where the string
    ends, the year and the body it names."""
    if not _TITLE_LIKE.search(text):
        return 0
    found = _title_match(text)
    if not found:
        return 1
    return 3 + (found[1] is not None) + _ends_as_title(text) + _agency_evidence(_strip_agency(found[0]))


def _ends_as_title(text: str) -> bool:
    """The title's shape runs to the end of the string (nothing after 报告)."""
    return any(pattern.fullmatch(text) for pattern in (*_PATTERNS, _TITLE_NO_YEAR))


def _joined(lines: list[str]) -> str | None:
    """The title the lines printed one under the other spell, or None when
    they are no title's lines (a sentence, a breadcrumb, too long); a title
    quoted in 《》 (现将《…年度报告》印发给你们) is the title without its wrapper,
    a year line under a title its （year）."""
    last = lines[-1]
    bare = last.strip("（()）")
    if len(lines) > 1 and _YEAR_LINE.match(last) and (last == bare or last[0] in "（(" and last[-1] in ")）"):
        lines = [*lines[:-1], f"（{bare}）"]
    text = "".join(lines)
    for quoted in _QUOTED.findall(text):
        if _title_match(quoted) and _ends_as_title(quoted):
            return quoted
    if len(text) > _MAX_TITLE or re.search(r"[。；，>＞»]", text):
        return None
    return text


def _leading_title(lines: list[str]) -> str | None:
    """The document's title from its first lines: the first place where up to
    _TITLE_LINES lines in a row spell a title (one line that reads as a title,
    or several that read as one naming its year or body), then the title with
    the most evidence those lines and the one below spell. So a title wrapped
    anywhere (绍兴市上虞区教育局2024年政府信息公开工作 / 年度报告), its body on
    the line above or its year on the line below is read whole, while a
    letterhead repeating the body, a document number, 附件 or a breadcrumb
    above it, and the text below it, stay out. Between equal evidence, a body's
    name running across the break wins (舟山市嵊 / 泗县…, 国家税务总局 /
    黄山市税务局…), else the fewest lines."""
    for end in range(1, len(lines) + 1):
        starts = range(max(0, end - _TITLE_LINES), end)
        if _TITLE_LIKE.search("".join(lines[starts[0]:end])) and any(_window_title(lines[s:end]) for s in starts):
            break
    else:
        return None
    best, best_score = None, 0.0
    for stop in range(end, min(len(lines), end + _TITLE_LINES - 1) + 1):
        for start in range(stop - 1, max(0, stop - _TITLE_LINES) - 1, -1):
            title = _window_title(lines[start:stop])
            if not title:
                continue
            score = _title_evidence(title) + 0.25 * _breaks_in_name(title, lines[start:stop])
            if score > best_score:
                best, best_score = title, score
    return best


def _breaks_in_name(title: str, lines: list[str]) -> int:
    """How many line breaks fall inside the body's name the title gives, when
    it starts as a name does (舟山市嵊 / 泗县…): lines that continue a name
    are its start, not a letterhead or a stray word."""
    found = _title_match(title) if len(lines) > 1 else None
    words = _strip_agency(found[0]) if found else ""
    if _agency_evidence(words) != 2 or not title.startswith("".join(lines[:-1])):
        return 0
    start = title.find(words)
    breaks = accumulate(len(line) for line in lines[:-1])
    return sum(start < b < start + len(words) for b in breaks)


def _window_title(lines: list[str]) -> str | None:
    """The title some lines spell: one line that reads as a title, or several
    that read as one naming its year or body."""
    if not lines:
        return None
    title = _joined(lines)
    if not title or not _TITLE_LIKE.search(title):
        return None
    if len(lines) > 1 and not _title_match(title):
        return None
    return title


def _title_candidates(doc: Document):
    """Titles in the order of trust: the title the document's first lines
    spell unless the page lists reports of several years, then metadata titles."""
    lines = [_MARKUP.sub("", _compact(line)) for line in doc.text.splitlines()]
    lines = [line for line in lines if line]
    if not _lists_reports(lines):
        yield _leading_title(lines[:_TOP_LINES])
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
