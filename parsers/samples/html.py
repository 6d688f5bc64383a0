"""HTML report pages as government CMSs serve them: Word-pasted tables
(rowspan/colspan, ``<p><span>`` in cells, odd spaces around numbers), the
same page in GBK with a lying or missing charset, and pages whose tables the
CMS flattened into one paragraph per cell or one run-together line per row."""

from __future__ import annotations

import html
import random

from .damage import Damage, printed_tables
from .layout import GCell, Table, choose_style
from .truth import Truth

PADS = ("", "", "", "&nbsp;", "\u3000", " ", "&nbsp;&nbsp;")
TD_STYLE = ("padding:5px 5px 5px 5px;border-left:1px solid windowtext;border-right:1px solid windowtext;"
            "border-top:none;border-bottom:1px solid windowtext")


def _escape(text: str) -> str:
    return html.escape(text).replace("\u00a0", "&nbsp;")


def _text(rng: random.Random, cell: GCell) -> str:
    """A cell's inner HTML: nested <p><span>, labels sometimes cut into two spans."""
    if "\n" in cell.text:     # a cell of several paragraphs, some maybe empty
        return "".join(f'<p style="text-align:center"><span>{_escape(line)}</span></p>'
                       for line in cell.text.split("\n"))
    t = _escape(cell.text)
    if cell.value:
        t = rng.choice(PADS) + t + rng.choice(PADS)
    elif len(cell.text) > 6 and rng.random() < 0.3:
        cut = rng.randint(2, len(cell.text) - 2)
        t = (f'{html.escape(cell.text[:cut])}</span><span style="font-family:仿宋_GB2312">'
             f'{html.escape(cell.text[cut:])}')
    return f'<p style="text-align:center"><span style="font-family:仿宋_GB2312;font-size:14px">{t}</span></p>'


def _table_html(rng: random.Random, table: Table) -> str:
    rows = []
    for i, row in enumerate(table.rows):
        tds = []
        for c in row:
            attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + \
                    (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            tds.append(f'<td{attrs} style="{TD_STYLE}" valign="center">{_text(rng, c)}</td>')
        first = ' class="firstRow"' if i == 0 else ""
        rows.append(f'<tr style="height:38px"{first}>{"".join(tds)}</tr>')
    return ('<table style="border-collapse:collapse;border:none" cellspacing="0" align="center" border="1">'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _table_flat(rng: random.Random, table: Table) -> str:
    return "".join(f'<p style="text-indent:2em">{html.escape(line)}</p>'
                   for row in table.rows for c in row for line in c.text.split("\n"))


def _table_rows(rng: random.Random, table: Table) -> str:
    out = []
    for row in table.rows:
        parts = [c.text if c.text or not c.value else "—" for c in row]
        sep = rng.choice(("  ", " ", "&nbsp;&nbsp;", "\u3000"))
        out.append(f"<p>{sep.join(html.escape(p) for p in parts if p)}</p>")
    return "".join(out)


TABLE_WRITERS = {"html": _table_html, "html_gbk": _table_html, "html_flat": _table_flat,
                 "html_rows": _table_rows}


def render_html(truth: Truth, shape: str, rng: random.Random, damage: Damage | None = None) -> bytes:
    style = choose_style(rng, truth)
    tables = printed_tables(truth, style, damage, shape)
    write_table = TABLE_WRITERS[shape]
    body = []
    for kind, text in truth.blocks:
        if kind == "table":
            for t in tables[text]:
                if t.note_before:
                    body.append(f'<p style="text-indent:2em">{html.escape(t.note_before)}</p>')
                body.append(write_table(rng, t))
        elif kind == "title":
            body.append(f'<p style="text-align:center"><strong><span style="font-size:22px">'
                        f'{html.escape(text)}</span></strong></p>')
        elif kind == "pre":
            body.append(f'<div class="info">{html.escape(text)}</div>')
        elif kind == "sign":
            body.append(f'<p style="text-align:right">{html.escape(text)}</p>')
        else:
            body.append(f'<p style="text-indent:2em"><span>{html.escape(text)}</span></p>')
    site = truth.agency if truth.agency.endswith(("政府", "局", "厅")) else truth.agency + "人民政府"
    page_title = rng.choice((truth.title, f"{truth.title}_{site}门户网站", f"{site} - 政府信息公开年报"))
    gbk = shape == "html_gbk"
    charset = rng.choice(("utf-8", "", "gb2312", "iso-8859-1")) if gbk else "utf-8"
    meta_charset = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />' if charset else ""
    page = f"""<!DOCTYPE html>
<html>
<head>
{meta_charset}
<meta name="SiteName" content="{html.escape(site)}"/>
<meta name="ColumnName" content="政府信息公开年报"/>
<meta name="ArticleTitle" content="{html.escape(truth.title)}"/>
<meta name="PubDate" content="{truth.published} 09:{rng.randint(10, 59)}"/>
<title>{html.escape(page_title)}</title>
</head>
<body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 年度报告</div>
<div class="TRS_Editor">
{chr(10).join(body)}
</div>
<div class="footer">主办单位：{html.escape(site)}办公室　网站标识码：{rng.randint(10**9, 10**10 - 1)}</div>
</body>
</html>
"""
    return page.encode(rng.choice(("gbk", "gb18030")) if gbk else "utf-8")
