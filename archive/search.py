"""Full-text search that works for Chinese, two characters and up.

SQLite's FTS5 tokenizers cannot cut Chinese: ``unicode61`` keeps a whole run
of Han characters as one token and ``trigram`` needs three characters, so a
journalist's most common searches (公开, 拆迁, 低保) find nothing.  We index
each run of Han characters as its overlapping character bigrams, separated
by spaces, with ``unicode61``::

    政府信息公开  ->  政府 府信 信息 息公 公开

and turn a query into the same bigrams as one FTS5 phrase, so that 公开 is
the token ``公开`` and 信息公开 is the phrase ``"信息 息公 公开"`` (adjacent
bigrams, i.e. the exact string).  A single Han character becomes a prefix
query (``"公"*``), as is a lone Han character ending a term (2023年).  ``escape_fts`` has the signature of Datasette's own SQL
function of that name; the Datasette plugin ``nianbao_search`` installs it
so that Datasette's table search box uses it.
"""

from __future__ import annotations

import re

FTS_TABLE = "reports_fts"
FTS_COLUMNS = ("title", "text")
FTS_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    + ", ".join(FTS_COLUMNS)
    + ", content='', tokenize='unicode61 remove_diacritics 2')"
)

# CJK Unified Ideographs, Extension A and the compatibility block.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_TERMS = re.compile(r'\s+|(".*?")')


def _bigrams(run: str) -> str:
    if len(run) == 1:
        return run
    return " ".join(map(str.__add__, run[:-1], run[1:]))


def segment(text: str | None) -> str:
    """Text as it is indexed: each Han run replaced by its bigrams, set off
    from its neighbours by spaces; other text is left to ``unicode61``."""
    if not text:
        return ""
    return _HAN_RUN.sub(lambda m: f" {_bigrams(m.group())} ", text)


def _term(term: str) -> str:
    words = segment(term.replace('"', " ")).split()
    if not words:
        return ""
    phrase = '"' + " ".join(words) + '"'
    # A lone Han character at the end is the start of a bigram in the index.
    if len(words[-1]) == 1 and _HAN_RUN.fullmatch(words[-1]):
        phrase += "*"
    return phrase


def escape_fts(query: str | None) -> str:
    """A user's search box text as an FTS5 query over ``segment``-ed text.

    Like Datasette's ``escape_fts``: terms split on white space (or kept
    whole inside double quotes) must all match; each term becomes a phrase
    of its bigrams."""
    query = query or ""
    if query.count('"') % 2:
        query += '"'
    terms = [t for t in _TERMS.split(query) if t and t != '""']
    return " ".join(p for p in (_term(t) for t in terms) if p)
