"""The damage real reports carry, drawn at random by seed and applied to a
report's printed tables before any renderer prints them, so that every shape
(HTML, DOCX, PDF, text) is damaged alike.

``draw_damage(seed)`` picks a ``Damage``: which of these a report suffers.

- ``typos``: row and column labels with a character missing, doubled, added
  or replaced by a look-alike (``2.其他法律行政止公开``, ``先行有效件数``,
  ``不子公开``, ``行政法复议``).  A damaged label never becomes another
  label of the national format: a human can still tell the row by its
  number, its place among its neighbours and most of its characters.
- ``broken_headers``: header cells printed one character per paragraph
  (``结/果/纠/正``) or over two lines (``本年新`` / ``制作数量``).
- ``padded_values``: empty paragraphs around the numbers, Word's
  ``&nbsp;``/ideographic-space padding.
- ``fullwidth``: some numbers in full-width digits (``１２``).
- ``six_decimals``: money printed with six decimals (``12.340000``).
- ``residue``: export residue (``[bookmark: _GoBack]``) in a cell.
- ``split_row``: the applications table continues on another page (after a
  page of narrative or a ``（续表）`` line, header repeated or not) and one
  row is cut there: ``（一）予以公`` at the foot, ``开`` on the next page,
  the numbers with the first part or the second.
- ``truncated``: the applications table stops before its last rows (the
  file was cut off).  This is the one damage that changes what can be
  recovered: ``damaged_expected`` drops those rows' facts from the truth.

What is not damage (values, which rows a table prints, the template) stays
in ``truth.py``; the layout's own variation stays in ``layout.py``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from .. import schema
from .checks import failing
from .layout import GCell, Style, Table, split_body, tables_for
from .truth import Truth
from .values import result_rows

# Look-alike characters real reports print by mistake (OCR, a slipped IME).
LOOK_ALIKES = {"予": "子", "现": "先", "禁": "止", "复": "夏", "政": "正", "开": "幵", "请": "清",
               "制": "治", "数": "薮", "结": "洁", "维": "唯", "审": "宙", "纠": "糾", "诉": "拆",
               "处": "外", "理": "埋", "件": "仵", "量": "景", "息": "思", "掌": "撑", "握": "渥"}
EXTRA_CHARS = "法的之政公开"
RESIDUE = ("[bookmark: _GoBack]", "[bookmark: _Hlk1]")
# Shapes whose cells can hold more than one line (a cell per <p>, a paragraph
# per cell, a line per cell, wrapped PDF lines).
# Where a number can sit between empty paragraphs: not an unruled PDF, where
# a number a line lower stands between two rows with no box to say whose it is.
PARAGRAPH_VALUE_SHAPES = ("html", "html_gbk", "docx", "docx_split", "docx_nested", "pdf_ruled", "pdf_word")
TEXT_SHAPES = ("text_tsv", "text_lines", "text_fixed", "markdown")   # where export residue is text
MULTILINE_SHAPES = ("html", "html_gbk", "html_flat", "docx", "docx_split", "docx_nested",
                    "pdf_ruled", "pdf_unruled", "pdf_word", "text_lines")
DAMAGE_KINDS = ("typos", "broken_headers", "padded_values", "fullwidth", "six_decimals", "residue",
                "split_row", "truncated")


@dataclass
class Damage:
    """Which damage one report suffers, and its seed (every choice inside
    the tables is drawn from it, per shape)."""

    seed: int
    typos: int = 0                    # how many labels get a typo
    broken_headers: bool = False
    padded_values: bool = False
    fullwidth: bool = False
    six_decimals: bool = False
    residue: bool = False
    split_row: bool = False
    truncated: int = 0                # rows missing at the end of the applications table
    notes: list[str] = field(default_factory=list)   # what was done, for a failing test's message

    @property
    def kinds(self) -> list[str]:
        return [k for k in DAMAGE_KINDS if getattr(self, k)]


def draw_damage(seed: int, *, truncation: float = 0.04) -> Damage:
    """A report's damage: most reports suffer two or three kinds at once;
    ``truncation`` is the chance that the applications table is cut off."""
    rng = random.Random(f"damage:{seed}")
    return Damage(
        seed=seed,
        typos=rng.choices((0, 1, 2, 3), (3, 4, 2, 1))[0],
        broken_headers=rng.random() < 0.35,
        padded_values=rng.random() < 0.35,
        fullwidth=rng.random() < 0.15,
        six_decimals=rng.random() < 0.2,
        residue=rng.random() < 0.2,
        split_row=rng.random() < 0.3,
        truncated=rng.randint(1, 3) if rng.random() < truncation else 0,
    )


# --- what is still recoverable --------------------------------------------------

def truncated_rows(truth: Truth, damage: Damage) -> tuple[str, ...]:
    """The applications rows the cut-off table no longer prints."""
    if not damage.truncated or truth.template == "legacy":
        return ()
    order = (*result_rows(truth.other_style), "processed_total", "carried_forward")
    return order[-damage.truncated:]


def damaged_expected(truth: Truth, damage: Damage | None) -> dict:
    """``truth.expected()`` for the damaged report: the facts of rows that
    are no longer printed are gone, and the checks that needed them are no
    longer assessable."""
    expected = truth.expected()
    gone = truncated_rows(truth, damage) if damage else ()
    if not gone:
        return expected
    facts = {k: v for k, v in expected["facts"].items() if not any(_is_row(k, row) for row in gone)}
    narrative = [c for c in expected["failing_checks"] if c.startswith("text_vs_table.")]
    still = [c for c in narrative if c.removeprefix("text_vs_table.") in facts]
    return {**expected, "facts": facts, "failing_checks": sorted(failing(facts) + still)}


def _is_row(key: str, row: str) -> bool:
    """Whether fact ``key`` is in applications row ``row`` (not a deeper row)."""
    fact = schema.FACTS.get(key)
    return fact is not None and fact.table == "applications" and fact.row == row


# --- damaging the printed tables ------------------------------------------------

def printed_tables(truth: Truth, style: Style, damage: Damage | None, shape: str) -> dict[str, list[Table]]:
    """The report's tables as ``shape`` prints them, damaged when ``damage`` is given."""
    tables = tables_for(truth, style)
    return damage_tables(tables, truth, damage, shape) if damage else tables


def damage_tables(tables: dict[str, list[Table]], truth: Truth, damage: Damage, shape: str) -> dict:
    """The tables as the damaged report prints them (new objects; the
    truth's own are untouched)."""
    rng = random.Random(f"{damage.seed}:{shape}")
    out = {name: [Table([[replace(c) for c in row] for row in t.rows], t.head, t.break_before, t.note_before)
                  for t in parts] for name, parts in tables.items()}
    if "applications" in out and truth.template != "legacy":
        if damage.truncated:
            _truncate(out["applications"], damage.truncated)
        if damage.split_row:
            out["applications"] = _split_row(rng, out["applications"], damage)
    stats = [t for name in sorted(out) if name != "legacy" for t in out[name]]
    if damage.typos:
        _typos(rng, stats, damage)
    if damage.broken_headers:
        _break_headers(rng, stats)
    if damage.padded_values or damage.fullwidth or damage.six_decimals:
        _values(rng, stats, damage)
    if damage.residue and shape in TEXT_SHAPES:
        cells = [c for t in stats for row in t.rows for c in row if c.text]
        if cells:
            cell = rng.choice(cells)
            cell.text = rng.choice(RESIDUE) + cell.text
    for c in (c for t in stats for row in t.rows for c in row):
        if shape not in MULTILINE_SHAPES:
            c.text = c.text.replace("\n", "")
        elif c.value and shape not in PARAGRAPH_VALUE_SHAPES:
            c.text = c.text.strip("\n")
    return out


def _label_cells(tables: list[Table]):
    """Label cells worth a typo: row and column labels of four characters
    or more (shorter ones, 规章 or 自然人, would be a guess for a reader too)."""
    for t in tables:
        for row in t.rows:
            for c in row:
                bare = c.text.lstrip("（）()一二三四五六七八九十0123456789.、．")
                if not c.value and 4 <= len(bare) <= 40 and "\n" not in c.text:
                    yield c


def _matches(text: str) -> set[str]:
    """Every label of the national format a printed text matches."""
    norm = schema.normalize_label(text)
    labels = (*schema.ACTIVE_ROWS, *schema.ACTIVE_COLUMNS, *schema.APPLICATIONS_ROWS,
              *schema.APPLICATIONS_COLUMNS, *schema.APPEALS_GROUPS, *schema.APPEALS_COLUMNS)
    return {f"{id(label)}" for label in labels if label.matches(norm)}


def _typo(rng: random.Random, text: str) -> str:
    """One realistic typo away from ``text``, outside its numbering."""
    lead = len(text) - len(text.lstrip("（）()一二三四五六七八九十0123456789.、．"))
    body = text[lead:]
    at = rng.randrange(len(body))
    similar = [i for i, ch in enumerate(body) if ch in LOOK_ALIKES]
    kind = rng.choice(("drop", "look_alike", "look_alike", "extra", "double", "drop_run"))
    if kind == "look_alike" and similar:
        at = rng.choice(similar)
        body = body[:at] + LOOK_ALIKES[body[at]] + body[at + 1:]
    elif kind == "extra":
        body = body[:at] + rng.choice(EXTRA_CHARS) + body[at:]
    elif kind == "double":
        body = body[:at] + body[at] + body[at:]
    elif kind == "drop_run" and len(body) >= 10:
        run = rng.randint(2, 3)
        at = rng.randrange(1, len(body) - run)
        body = body[:at] + body[at + run:]
    else:
        body = body[:at] + body[at + 1:]
    return text[:lead] + body


def _typos(rng: random.Random, tables: list[Table], damage: Damage) -> None:
    cells = list(_label_cells(tables))
    for cell in rng.sample(cells, min(damage.typos, len(cells))):
        before = _matches(cell.text)
        for _ in range(5):
            damaged = _typo(rng, cell.text)
            after = _matches(damaged)
            if not after or after == before:     # never another label of the format
                damage.notes.append(f"typo {cell.text} -> {damaged}")
                cell.text = damaged
                break


def _break_headers(rng: random.Random, tables: list[Table]) -> None:
    """Header cells one character per paragraph, or over two lines."""
    for t in tables:
        for row in t.rows[:t.head]:
            for c in row:
                if c.value or not 2 <= len(c.text) <= 12 or "\n" in c.text or rng.random() < 0.5:
                    continue
                if len(c.text) <= 4:
                    c.text = "\n".join(c.text)
                else:
                    cut = rng.randint(2, len(c.text) - 2)
                    c.text = c.text[:cut] + "\n" + c.text[cut:]


_FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


def _values(rng: random.Random, tables: list[Table], damage: Damage) -> None:
    for t in tables:
        for row in t.rows:
            for c in row:
                if not c.value or not c.text:
                    continue
                if damage.six_decimals and "." in c.text and c.text[-1].isdigit():
                    whole, frac = c.text.split(".")
                    c.text = f"{whole}.{frac.ljust(6, '0')}"
                if damage.fullwidth and rng.random() < 0.3:
                    c.text = c.text.translate(_FULLWIDTH)
                if damage.padded_values and rng.random() < 0.4:
                    c.text = rng.choice(("\n", "\u00a0", "\u3000", "\n\u00a0")) + c.text + rng.choice(("\n", "", "\u00a0"))


def _truncate(parts: list[Table], rows: int) -> None:
    """The applications table stops ``rows`` rows early (a merged label
    cell that reached into them is shortened)."""
    last = parts[-1]
    keep = len(last.rows) - rows
    for r, row in enumerate(last.rows[:keep]):
        for c in row:
            c.rowspan = min(c.rowspan, keep - r)
    del last.rows[keep:]


def _split_row(rng: random.Random, parts: list[Table], damage: Damage) -> list[Table]:
    """Cut the applications table over a page break inside one row's label."""
    if len(parts) == 2:             # already split by the layout: cut that row
        first, second = parts
        head_rows, repeat = first.rows[:first.head], second.head > 0
        top, bottom = first.rows[first.head:], second.rows[second.head:]
    else:
        whole = parts[0]
        head_rows, repeat = whole.rows[:whole.head], rng.random() < 0.5
        body = whole.rows[whole.head:]
        top, bottom = split_body(body, rng.randint(2, max(2, len(body) - 2)))
    label = _innermost_label(bottom[0])
    if label is None or len(label.text) < 3:
        return parts
    at = rng.randint(max(1, len(label.text) - 4), len(label.text) - 1)
    head, tail = label.text[:at], label.text[at:]
    width = sum(c.colspan for c in head_rows[0])
    values = [c for c in bottom[0] if c.value]
    label_width = width - sum(c.colspan for c in values)
    numbers_first = rng.random() < 0.4
    foot = [GCell(head, colspan=label_width)]
    if numbers_first:
        foot += [replace(c) for c in values]
        for c in values:
            c.text = ""
    else:
        foot += [GCell("", colspan=c.colspan, value=True) for c in values]
    label.text = tail
    note = rng.choice(("", "（续表）", "（续上表）", "以上数据由本机关政府信息公开工作机构统计，统计期限与报告期一致。"))
    damage.notes.append(f"split row {head}|{tail} numbers {'above' if numbers_first else 'below'}")
    again = [[replace(c) for c in row] for row in head_rows] if repeat else []
    return [Table(head_rows + top + [foot], head=len(head_rows)),
            Table(again + bottom, head=len(again),
                  break_before=True, note_before=note)]


def _innermost_label(row: list[GCell]) -> GCell | None:
    labels = [c for c in row if not c.value and c.text]
    return labels[-1] if labels else None
