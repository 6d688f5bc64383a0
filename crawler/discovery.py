"""Finding report columns by weighing evidence: which links are worth a look,
and whether the page behind one is a report column.

Portals name their report columns in many ways (政府信息公开年报, 年度报告,
乡镇（街道）年报, 区直单位年报 …) at addresses that say nothing
(``/col/col4521/index.html``, ``/channel/123.html``), one or two hops below a
政务公开 / 信息公开 portal. No word list decides: ``score_link`` adds up
weighted features of a link's text, its address and the page it is on (each
feature a small test, some of them word patterns), and the crawl looks at the
best candidates first, a bounded number per site (``Frontier``); a link's
row counts too (``更多>>`` beside a heading 政府信息公开年报). The decision
is taken at the destination (``column_evidence``): a page whose list holds
annual-report titles is a report column whatever its link said, and one that
holds none is not."""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .filters import is_annual_report_title, is_other_yearly_document, looks_like_index, report_year

FOLLOW = 1.0        # a link scoring this much is worth a look
COLUMN_LIKE = 3.0   # a link this good names a report column (worth rendering when plain HTML lists nothing)

_REPORT_WORDS = re.compile(r"年度?报告|年报")
_DISCLOSURE = re.compile(r"公开")
_BODY = re.compile(r"乡镇|街道|镇街|部门|区直|县直|市直|单位|各镇|各乡|[镇乡]$|街道办|局$|委$")
_MORE = re.compile(r"^(查看)?(更多|more)?[>»›.。…]*$", re.I)
_YEAR_LABEL = re.compile(r"^((?:19|20)\d{2})年?度?$")
_SIDE_PAGES = re.compile(r"指南|制度|申请|规定|办法|意见箱|监督")
_OFF_TOPIC = re.compile(
    r"新闻|要闻|动态|互动|办事|服务|留言|信箱|咨询|投诉|招聘|招标|采购|视频|图片|专题|概况|领导|机构"
    r"|网站地图|联系我们|无障碍|登录|注册|English|首页|返回|上一页|下一页|尾页", re.I)
_URL_COLUMN = re.compile(r"(?:^|[/_\-.])(?:zfxxgknb|xxgknb|gknb|zwgknb|ndbg|xxgkndbg|nianbao|nb|ndbb)(?:$|[/_\-.\d])", re.I)
_URL_PORTAL = re.compile(r"(?:^|[/_\-.])(?:zfxxgk|xxgk|zwgk|gkml|fdzdgk|zdgk|gk)(?:$|[/_\-.\d])", re.I)

# (feature, weight): what each kind of evidence is worth
WEIGHTS = {
    "text names a yearly report": 3.0,
    "text names disclosure": 1.5,
    "text names a body (乡镇, 部门 …)": 0.5,
    "a year inside or beside a report column": 3.0,
    "a body inside or beside a report column": 3.0,
    "address names a report column": 2.0,
    "address names the disclosure portal": 1.0,
    "its row names a yearly report": 3.0,
    "a 更多 link, read by its heading": 0.0,
    "page is about disclosure": 1.0,
    "side page of the portal (指南, 制度 …)": -1.0,
    "a year outside any column": -1.0,
    "long text (a headline)": -1.5,
    "off-topic navigation": -2.0,
    "a report itself": -3.0,
    "an article's address": -4.0,
    "another yearly document (法治政府, 决算 …)": -5.0,
}


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def link_features(text: str | None, url: str, *, context: str | None = None, page_about_disclosure: bool = False,
                  in_column: bool = False) -> list[str]:
    """The evidence a link offers that it leads to a report column; ``context``
    is the text of the link's row (a heading beside a "更多>>" link);
    ``in_column``: the link is inside a report column, or on the page that
    linked one (its siblings: 乡镇 and 部门 beside 政府信息公开年报)."""
    text = _clean(text)
    around = _clean(context).replace(text, "", 1) if context else ""
    path = urlsplit(url).path + ("?" + urlsplit(url).query if urlsplit(url).query else "")
    found = []
    if text and _MORE.match(text) and 0 < len(around) <= 20:   # "更多>>" means what its heading says
        text, around = around, ""
        found.append("a 更多 link, read by its heading")
    report_words = bool(_REPORT_WORDS.search(text))
    if report_words and report_year(text) is None:
        found.append("text names a yearly report")
    if _DISCLOSURE.search(text):
        found.append("text names disclosure")
    if _BODY.search(text):
        found.append("a body inside or beside a report column" if in_column else "text names a body (乡镇, 部门 …)")
    if _YEAR_LABEL.match(text):
        found.append("a year inside or beside a report column" if in_column else "a year outside any column")
    if _URL_COLUMN.search(path) and not in_column:  # inside a column, every address names it
        found.append("address names a report column")
    if _URL_PORTAL.search(path) and not in_column:
        found.append("address names the disclosure portal")
    if (around and _REPORT_WORDS.search(around) and report_year(around) is None
            and not is_other_yearly_document(around) and not report_words):
        found.append("its row names a yearly report")
    if page_about_disclosure:
        found.append("page is about disclosure")
    if _SIDE_PAGES.search(text):
        found.append("side page of the portal (指南, 制度 …)")
    if len(text) > 14:
        found.append("long text (a headline)")
    if _OFF_TOPIC.search(text):
        found.append("off-topic navigation")
    if is_annual_report_title(text, in_report_column=True):
        found.append("a report itself")
    if not looks_like_index(url):
        found.append("an article's address")
    if is_other_yearly_document(text):
        found.append("another yearly document (法治政府, 决算 …)")
    return found


@dataclass(frozen=True)
class Candidate:
    """A link that may lead to a report column, with its score and why."""

    url: str
    text: str
    score: float
    features: tuple[str, ...]
    depth: int = 0
    found_on: str | None = None     # the page that links it

    def why(self) -> dict:
        return {"link": self.text, "address": self.url, "score": round(self.score, 2), "features": list(self.features)}


def score_link(text: str | None, url: str, *, depth: int = 0, context: str | None = None,
               page_about_disclosure: bool = False, in_column: bool = False, found_on: str | None = None) -> Candidate:
    features = link_features(text, url, context=context, page_about_disclosure=page_about_disclosure,
                             in_column=in_column)
    return Candidate(url, _clean(text), sum(WEIGHTS[f] for f in features), tuple(features), depth, found_on)


def is_about_disclosure(title: str | None) -> bool:
    """A page whose own title or column name speaks of 信息公开 / 政务公开."""
    return bool(_DISCLOSURE.search(_clean(title)))


def is_about_reports(column_name: str | None) -> bool:
    """A column name (the page's ColumnName meta) that names yearly reports, without a year."""
    text = _clean(column_name)
    return bool(_REPORT_WORDS.search(text)) and report_year(text) is None and not is_other_yearly_document(text)


def column_evidence(titles: list[str], *, named_column: bool) -> dict | None:
    """Whether a page's list makes it a report column: it lists titles of
    政府信息公开工作年度报告; short titles ("XX局2023年度报告") count only when
    the link or the page named a report column. None when it is not one."""
    full = sum(is_annual_report_title(t) for t in titles)
    short = sum(is_annual_report_title(t, in_report_column=True) for t in titles) - full
    if full or (named_column and short):
        return {"contents": f"{full + short} report titles"}
    return None


class Frontier:
    """One site's candidate links, best first, at most ``budget`` looked at. A
    page may link one address twice (a headline and the column's name): the
    better score counts."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.heap: list[tuple[float, int, Candidate]] = []
        self.best: dict[str, float] = {}
        self.taken_urls: set[str] = set()
        self.taken = 0

    def push(self, candidate: Candidate) -> None:
        if candidate.url in self.taken_urls or candidate.score < FOLLOW and candidate.depth > 0:
            return
        if candidate.score <= self.best.get(candidate.url, float("-inf")):
            return
        self.best[candidate.url] = candidate.score
        heapq.heappush(self.heap, (-candidate.score, len(self.heap) + self.taken, candidate))

    def _drop_taken(self) -> None:
        while self.heap and self.heap[0][2].url in self.taken_urls:
            heapq.heappop(self.heap)

    def pop(self) -> Candidate | None:
        self._drop_taken()
        if not self.heap or self.taken >= self.budget:
            return None
        self.taken += 1
        candidate = heapq.heappop(self.heap)[2]
        self.taken_urls.add(candidate.url)
        return candidate

    @property
    def stopped(self) -> str:
        """Why discovery ended on this site."""
        self._drop_taken()
        return f"budget of {self.budget} pages reached" if self.heap else "no candidate left"
