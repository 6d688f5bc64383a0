"""Map the rows of a ``Document`` onto the facts of the three statistics tables.

Mapping is by label, never by position in the document: a row is recognised by
its row label (规章, 1.属于国家秘密 …), a column by the header label printed
above it (自然人, 结果纠正 …).  Each value is placed in its column by the best
evidence the reader kept, in this order:

1. grid columns (HTML/DOCX/ruled PDF tables: the header cell's column span);
2. horizontal position (unruled PDF, OFD, OCR, fixed-width text);
3. sequence (flattened tables, tab-separated text): the n-th value of a row is
   the n-th column of the header as printed.

Header labels that are not facts (序号, 小计) are kept as columns that take no
fact, so that their cells do not shift the others.

Damaged input is read by all the evidence there is.  A row or column label
with a typo is known by most of its characters (``parsers.labels``); a row
by its number in its group (``2.`` under （三）), by its place between the
rows recognised, and between keys nothing else tells apart by the 勾稽
identities.  Labels broken over lines or cut by a page break are joined, and
the two parts of a row a page break cut are merged.  Every fact says how its
row and column were recognised (``FactValue.match``: exact, fuzzy or
position); every row placed with less than full confidence, every row that
could not be identified and every row missing from a table cut off is named
in ``Mapping.warnings``, and nothing else is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import labels, schema
from .checks import run_checks
from .model import Cell, Document
from .result import FactValue
from .schema import normalize_label
from .values import read_value, split_run_together

# Header labels that take up a column but carry no fact.
_IGNORED_COLUMNS = (r"^序号$", r"^小计$")
_ACTIVE_2021_MARKS = (r"本年制发", r"本年废止", r"现行有效")
_ACTIVE_2019_MARKS = (r"新制作", r"新公开", r"对外公开总", r"上一?年.*项目数", r"增.?减", r"采购项目数")
_LEGAL_PERSON_GROUP = r"^法人或者?其他组织$"
_PAGE_NUMBER = re.compile(r"^(?:[-—–]+\d{1,3}[-—–]+|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}/\d{1,3})$")
_MAX_LABEL = 60        # a cell longer than this is narrative, not a label
_FUZZY_COLUMN = 0.7    # how much of a column label a damaged header must keep
_FUZZY_ROW = 0.6       # … and a row label, beside its number and place
_FUZZY_GROUP = 0.8     # … and 法人或其他组织, which has no fact of its own
_MAX_TRIALS = 8        # keys a row is tried as against the identities
_PAGE_FORMATS = ("pdf", "ofd", "image")   # where a lone line's position is real geometry


@dataclass
class Slot:
    """A header column: the fact column it takes (None for 序号/小计), the
    appeals group it sits under, and where it is."""

    key: str | None
    cell: Cell
    group: str | None = None
    unit: str | None = None
    match: str = "exact"          # how its header label was recognised


@dataclass
class Row:
    """A logical table row: label cells, then value cells."""

    labels: list[Cell] = field(default_factory=list)
    values: list[Cell] = field(default_factory=list)


@dataclass
class Mapping:
    facts: dict[str, FactValue] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tables_found: set[str] = field(default_factory=set)
    template: str = "unknown"


def _norm(cell: Cell) -> str:
    return normalize_label(cell.text)


def _is_value(cell: Cell) -> bool:
    return read_value(cell.text) is not None


@lru_cache(maxsize=65536)
def _match(labels, text: str):
    for label in labels:
        if label.matches(text):
            return label
    return None


def _has_numbers(row: Row) -> bool:
    return any(read_value(v.text).value is not None for v in row.values)


def _any(patterns, text: str) -> bool:
    return any(re.search(p, text) for p in patterns)


# --- from document rows to logical rows ---------------------------------------

def _pieces(cell: Cell, texts: list[str]) -> list[Cell]:
    """Cells for the parts of one printed cell, each with its share of the
    cell's horizontal extent (by where the part stands in the text)."""
    out, start = [], 0
    whole = max(len(cell.text), 1)
    for text in texts:
        at = cell.text.find(text, start)
        at = start if at < 0 else at
        start = at + len(text)
        x0 = x1 = None
        if None not in (cell.x0, cell.x1):
            width = cell.x1 - cell.x0
            x0, x1 = cell.x0 + width * at / whole, cell.x0 + width * start / whole
        out.append(Cell(text, cell.page, cell.table, cell.row, None, 1, x0, x1))
    return out


def _split_cells(cells: list[Cell]) -> list[Cell]:
    """Split cells whose values ran into the label (``规章 0 0 0``)."""
    out: list[Cell] = []
    for cell in cells:
        parts = split_run_together(cell.text) if len(cell.text) <= 200 else None
        if parts and not _is_value(cell):
            label, values = parts
            out.extend(_pieces(cell, [label, *values] if label else values))
        else:
            out.append(cell)
    return out


def _is_row_label(text: str) -> bool:
    """A label that starts a row even in a flattened table (not the bare
    其他/总计, which are column labels too)."""
    if _column_kind(text) == "shared":
        return False
    return bool(_match(schema.ACTIVE_ROWS, text) or _match(schema.APPLICATIONS_ROWS, text))


def logical_rows(doc: Document) -> list[Row]:
    """Rows of label cells followed by value cells.

    A multi-cell row is a row.  Runs of one-cell rows (tables flattened into a
    paragraph per cell) are regrouped: a new row starts at a label that follows
    a value, and at every label that is itself a row label."""
    rows: list[Row] = []
    pending: Row | None = None

    def flush():
        nonlocal pending
        if pending and (pending.labels or pending.values):
            rows.append(pending)
        pending = None

    for source in doc.rows:
        cells = _split_cells(source)
        if len(cells) > 1:
            flush()
            row = Row()
            for cell in cells:
                (row.values if _is_value(cell) else row.labels).append(cell)
            rows.append(row)
            continue
        if not cells:
            continue
        cell = cells[0]
        if doc.format not in _PAGE_FORMATS:
            # a lone paragraph or text line has no column position
            cell = Cell(cell.text, cell.page, cell.table, cell.row)
        if _is_value(cell):
            if pending is None:
                pending = Row()
            pending.values.append(cell)
        else:
            if pending is not None and (pending.values or _is_row_label(_norm(cell))):
                flush()
            if pending is None:
                pending = Row()
            pending.labels.append(cell)
    flush()
    return rows


# --- headers ------------------------------------------------------------------

def _header_tokens(row: Row) -> list[Cell]:
    """Label cells of a header row, splitting a cell that lists several column
    labels separated by spaces (``自然人 商业企业 …``) and joining the
    paragraphs of a label a flattened table broke (``本年新`` / ``制作数量``,
    ``结`` / ``果`` / ``纠`` / ``正``)."""
    out: list[Cell] = []
    for cell in row.labels:
        tokens = cell.text.split()
        if len(tokens) > 1 and not _column_kind(_norm(cell)):
            if any(_column_kind(normalize_label(t)) for t in tokens):
                out.extend(_pieces(cell, tokens))
                continue
            # two labels' first lines side by side (社会公益 法律服务), not one label's lines
            tokens = _SPACES.split(cell.text.strip())
            if len(tokens) > 1 and all(_starts_label(normalize_label(t)) for t in tokens):
                out.extend(_pieces(cell, tokens))
                continue
        out.append(cell)
    return _join_broken(out)


_MAX_PIECES = 8
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def _join_broken(cells: list[Cell]) -> list[Cell]:
    """Consecutive paragraphs of one header label (no grid, no geometry):
    the longest run, starting at a fragment that is no label itself, that
    spells the start of a column label all the way and a whole one at its
    end."""
    out, i = [], 0
    while i < len(cells):
        cell, end = cells[i], None
        if cell.col is None and cell.x0 is None and len(_norm(cell)) <= 6 and not _column_kind(_norm(cell)):
            text = _norm(cell)
            for j in range(i + 1, min(i + _MAX_PIECES, len(cells))):
                if cells[j].col is not None or cells[j].x0 is not None:
                    break
                text += _norm(cells[j])
                if not _starts_label(text):
                    break
                if _column_kind(text):
                    end = j
        if end is None:
            out.append(cell)
            i += 1
        else:
            out.append(Cell("".join(c.text.strip() for c in cells[i:end + 1]), cell.page, cell.table, cell.row))
            i = end + 1
    return out


def _column(columns, text: str):
    """(column label, how matched) for a header cell: its exact label, else
    most of one (``先行有效件数``, ``结果纠止``); None for any other text."""
    col = _match(columns, text)
    if col:
        return col, "exact"
    col = _fuzzy(columns, text)
    return (col, "fuzzy") if col else None


@lru_cache(maxsize=65536)
def _fuzzy(columns, text: str):
    if not 3 <= len(text) <= 14 or re.search(r"\d|[，。；：]", text):
        return None
    best = max(columns, key=lambda c: labels.similarity(text, c))
    return best if labels.similarity(text, best) >= _FUZZY_COLUMN else None


@lru_cache(maxsize=65536)
def _column_kind(text: str) -> str | None:
    """Which table a header label belongs to (``shared`` for 其他/总计/序号,
    printed in several tables), or None when it is no column label."""
    if len(text) > _MAX_LABEL or re.search(r"[，。；]", text):
        return None
    if re.search(r"^(其他|总计|合计|小计|序号)$", text):
        return "shared"
    if _match(schema.APPLICATIONS_COLUMNS, text) or _is_legal_person_group(text):
        return "applications"
    if _match(schema.APPEALS_COLUMNS, text) or _match(schema.APPEALS_GROUPS, text) or text == "行政诉讼":
        return "appeals"
    if _match(schema.ACTIVE_COLUMNS, text):
        return "active"
    return None


def _is_legal_person_group(text: str) -> bool:
    """法人或其他组织, the group over five columns, or most of it (a typo)."""
    if re.search(_LEGAL_PERSON_GROUP, text):
        return True
    return 5 <= len(text) <= 10 and labels.ratio(text, "法人或其他组织") >= _FUZZY_GROUP and \
        not _match(schema.APPLICATIONS_COLUMNS, text)


def _table_title(text: str) -> str | None:
    if len(text) > 40:
        return None
    if "主动公开政府信息情况" in text:
        return "active"
    if "收到和处理政府信息公开申请" in text or text == "申请人情况":
        return "applications"
    if "行政复议" in text and "行政诉讼" in text and "情况" in text:
        return "appeals"
    return None


def _unit(text: str) -> str | None:
    m = re.search(r"(万元|元)", text)
    return m.group(1) if m else None


def _active_slots(cells: list[Cell]) -> list[Slot]:
    slots = []
    for cell in cells:
        text = _norm(cell)
        found = _column(schema.ACTIVE_COLUMNS, text)
        if found:
            col, how = found
            slots.append(Slot(col.key, cell, unit=_unit(text) if col.key == "amount" else None, match=how))
        elif _any(_IGNORED_COLUMNS, text):
            slots.append(Slot(None, cell))
    return slots


def _applications_slots(cells: list[Cell]) -> list[Slot]:
    """Leaf columns in printed order; 法人或其他组织 printed on a row above its
    five sub-columns reserves their place (flattened headers list it first)."""
    slots: list[Slot | str] = []
    for cell in cells:
        text = _norm(cell)
        if _is_legal_person_group(text):
            slots.append("group")
            continue
        found = _column(schema.APPLICATIONS_COLUMNS, text)
        if found:
            slot = Slot(found[0].key, cell, match=found[1])
        elif _any(_IGNORED_COLUMNS, text):
            slot = Slot(None, cell)
        else:
            continue
        if (slot.key in schema.LEGAL_PERSON_COLUMNS or re.search(r"^小计$", text)) and "group" in slots:
            slots.insert(slots.index("group"), slot)
        else:
            slots.append(slot)
    return [s for s in slots if s != "group"]


def _appeals_slots(cells: list[Cell]) -> list[Slot]:
    groups: list[tuple[str, Cell]] = []
    leaves: list[Slot] = []
    for cell in cells:
        text = _norm(cell)
        group = _column(schema.APPEALS_GROUPS, text)
        if group:
            groups.append((group[0].key, cell))
            continue
        found = _column(schema.APPEALS_COLUMNS, text)
        if found:
            leaves.append(Slot(found[0].key, cell, match=found[1]))
        elif _any(_IGNORED_COLUMNS, text):
            leaves.append(Slot(None, cell))
    _assign_groups(groups, leaves)
    return leaves


_ALL_COLUMNS = (*schema.ACTIVE_COLUMNS, *schema.APPLICATIONS_COLUMNS, *schema.APPEALS_COLUMNS, *schema.APPEALS_GROUPS)
_HEADER_FORMS = tuple(form for label in _ALL_COLUMNS for form in labels.printed_forms(label)) + (
    "法人或其他组织", "结果维持", "结果纠正", "行政诉讼", "小计", "序号")




@lru_cache(maxsize=65536)
def _starts_label(text: str) -> bool:
    """The start of a printed column label, or the whole of one (其他结 of
    其他结果)."""
    return any(form.startswith(text) for form in _HEADER_FORMS)


@lru_cache(maxsize=65536)
def _grows_label(text: str) -> bool:
    """A column label, or the start of one (商业 of 商业企业, one
    character per line)."""
    return bool(_column_kind(text)) or _starts_label(text)


def _merge_fragments(above: list[Cell], row: list[Cell]) -> list[Cell] | None:
    """Header labels an unruled table broke over lines (商业企 / 业, or
    商 / 业 / 企 / 业): each fragment below joins the unfinished label
    above it that it continues; fragments that continue nothing (the rest
    of a note) are dropped.  None when nothing below continues a label."""
    if not row or any(None in (c.x0, c.x1) for c in row):
        return None
    below = [piece for c in row for piece in _pieces(c, _SPACES.split(c.text.strip()))]
    out, merged = list(above), False
    for frag in below:
        for i, cell in enumerate(out):
            if None in (cell.x0, cell.x1):
                continue
            joined = normalize_label(cell.text + frag.text)
            grows = _starts_label(joined) if _column_kind(_norm(cell)) else _grows_label(joined)
            if min(cell.x1, frag.x1) > max(cell.x0, frag.x0) and grows:
                out[i] = Cell(cell.text + frag.text, cell.page, cell.table, cell.row, cell.col,
                              cell.span, min(cell.x0, frag.x0), max(cell.x1, frag.x1))
                merged = True
                break
        else:
            if _grows_label(_norm(frag)) or _fuzzy(_ALL_COLUMNS, _norm(frag)):
                out.append(frag)
                merged = merged or not _column_kind(_norm(frag))
    return out if merged else None


def _covers(outer: Cell, inner: Cell) -> bool | None:
    """Whether ``outer`` spans ``inner`` horizontally; None when unknown."""
    if None not in (outer.x0, outer.x1, inner.x0, inner.x1):
        centre = (inner.x0 + inner.x1) / 2
        return outer.x0 - 1 <= centre <= outer.x1 + 1
    if _on_grid(outer) and _on_grid(inner) and outer.table == inner.table:
        return outer.col <= inner.col < outer.col + outer.span
    return None


def _on_grid(cell: Cell) -> bool:
    """A cell of a ruled or delimited table, whose grid column is known."""
    return cell.col is not None


def _assign_groups(groups: list[tuple[str, Cell]], leaves: list[Slot]) -> None:
    if not groups or not leaves:
        return
    for leaf in leaves:
        for key, cell in groups:
            if _covers(cell, leaf.cell):
                leaf.group = key
    if all(leaf.group for leaf in leaves):
        return
    # No geometry: groups in printed order, each with the same columns.
    order = [key for key, _ in groups]
    per_group = len({leaf.key for leaf in leaves})
    for i, leaf in enumerate(leaves):
        leaf.group = order[min(i // max(per_group, 1), len(order) - 1)]


_COLUMN_LABELS = {"active": {c.key: c.label for c in schema.ACTIVE_COLUMNS},
                  "applications": {c.key: c.label for c in schema.APPLICATIONS_COLUMNS},
                  "appeals": {c.key: c.label for c in (*schema.APPEALS_COLUMNS, *schema.APPEALS_GROUPS)}}
_SLOT_BUILDERS = {"active": _active_slots, "applications": _applications_slots,
                  "appeals": _appeals_slots}


# --- placing values -----------------------------------------------------------

def _place_by_grid(values: list[Cell], slots: list[Slot], widths: dict) -> list | None:
    if not all(_on_grid(v) for v in values if v.text.strip()) or not all(_on_grid(s.cell) for s in slots):
        return None
    header_table = slots[0].cell.table
    tables = {v.table for v in values}
    if tables != {header_table} and any(widths.get(t) != widths.get(header_table) for t in tables):
        return None
    placed, used = [], set()
    for v in values:
        hit = None
        if v.col is not None:
            hit = next((i for i, s in enumerate(slots)
                        if s.cell.col <= v.col < s.cell.col + s.cell.span), None)
        if hit is None:
            if v.text.strip():
                return None
            continue
        if hit in used:
            return None
        used.add(hit)
        placed.append((slots[hit], v))
    return placed


def _place_by_position(values: list[Cell], slots: list[Slot]) -> list | None:
    if any(None in (c.x0, c.x1) for c in [*values, *(s.cell for s in slots)]):
        return None
    placed, used = [], set()
    for v in values:
        centre = (v.x0 + v.x1) / 2
        best, best_score = None, None
        for i, s in enumerate(slots):
            overlap = min(v.x1, s.cell.x1) - max(v.x0, s.cell.x0)
            distance = abs(centre - (s.cell.x0 + s.cell.x1) / 2)
            score = (overlap > 0, overlap if overlap > 0 else -distance)
            if best_score is None or score > best_score:
                best, best_score = i, score
        if best is None or best in used:
            return None
        used.add(best)
        placed.append((slots[best], v))
    return placed


def _place_in_sequence(values: list[Cell], slots: list[Slot]) -> list | None:
    values = list(values)
    while len(values) > len(slots) and not values[-1].text.strip():
        values.pop()
    while len(values) > len(slots) and not values[0].text.strip():
        values.pop(0)
    if len(values) != len(slots):
        return None
    return list(zip(slots, values))


def place(values: list[Cell], slots: list[Slot], widths: dict) -> list | None:
    """Pairs (slot, value cell) by the best evidence available, or None."""
    placed = _place_by_position(values, slots)
    if placed is None:
        placed = _place_by_grid(values, slots, widths)
    if placed:
        # an unruled table prints nothing in an empty cell, a delimited line
        # loses its trailing empty cells: the column is there and blank,
        # which is null (never 0)
        filled = {id(slot) for slot, _ in placed}
        placed += [(slot, Cell("", values[0].page, values[0].table, values[0].row))
                   for slot in slots if id(slot) not in filled]
    if placed is None:
        placed = _place_in_sequence(values, slots)
    return placed


# --- the mapper ---------------------------------------------------------------

def _default_slots(table: str, template: str, row_key: str | None = None) -> list[Slot]:
    blank = Cell("")
    if table == "applications":
        return [Slot(c.key, blank) for c in schema.APPLICATIONS_COLUMNS]
    if table == "appeals":
        return [Slot(c.key, blank, g.key) for g in schema.APPEALS_GROUPS for c in schema.APPEALS_COLUMNS]
    cells = dict(schema.ACTIVE_CELLS.get(template, schema.ACTIVE_CELLS["2021"]))
    return [Slot(c, blank, unit="万元" if c == "amount" else None) for c in cells.get(row_key, ())]


def detect_template(doc: Document) -> str | None:
    """``2021`` or ``2019`` from the active table's column labels, if printed."""
    found = None
    for row in doc.rows:
        for cell in row:
            text = normalize_label(cell.text)
            if len(text) > _MAX_LABEL:
                continue
            if _any(_ACTIVE_2021_MARKS, text):
                return "2021"
            if _any(_ACTIVE_2019_MARKS, text):
                found = "2019"
    return found


_MATCH_RANK = {"exact": 0, "fuzzy": 1, "position": 2}
_ORPHAN_ROWS = 4       # label-only rows an unfinished label waits through (a page foot, （续表）, a header)


@dataclass
class _Unplaced:
    """A row with values whose label was not recognised: where it stood
    (``seq`` among the document's rows), its table, its applications group,
    and the header columns at that point."""

    seq: int
    table: str
    group: str | None
    row: Row
    slots: list[Slot] | None

    @property
    def label(self) -> str:
        return " ".join(c.text for c in self.row.labels).strip()


class _Mapper:
    def __init__(self, doc: Document):
        self.doc = doc
        self.result = Mapping()
        self.template = detect_template(doc)
        self.slots: dict[str, list[Slot]] = {}
        self.header_open: str | None = None    # table whose header rows are being read
        self.context: str | None = None
        self._header_cells: list[Cell] = []
        self.header_fragments: list[Cell] = []    # a line of header label fragments only
        self.orphan: _Unplaced | None = None   # values whose label is not complete yet
        self.orphan_wait = 0
        self.fragments: list[Row] = []         # recent label-only rows that are no row label
        self.awaiting: tuple[str, str] | None = None   # a label whose values may follow
        self.provisional: dict = {}            # the nulls given to it meanwhile
        self.widths: dict = {}
        self.seq = 0
        self.seen: list[tuple[int, str, str]] = []     # (seq, table, row key) recognised by label
        self.unplaced: list[_Unplaced] = []
        self.group: str | None = None          # the applications group (不予公开 …) rows are in
        self.fuzzy_columns: list[set[tuple[str, str, str]]] = []   # per header read
        self.partial: tuple | None = None      # the last row recognised, if some of its cells were blank
        self.spanned: set[tuple[str, str]] = set()   # grid rows whose value cells a merge above covers
        self.last_values: list[Cell] = []
        for row in doc.rows:
            for c in row:
                if c.table is not None and c.col is not None:
                    self.widths[c.table] = max(self.widths.get(c.table, 0), c.col + c.span)

    def run(self) -> Mapping:
        for row in logical_rows(self.doc):
            self.seq += 1
            self._row(row)
        self._finish()
        return self.result

    def _header(self, row: Row) -> bool:
        """Read a header row (column labels, no numbers unless the row is a
        flattened header followed by its values); False if it is none."""
        tokens = _header_tokens(row)
        blank = not any(v.text.strip() for v in row.values)
        if self.header_open and blank:
            merged = _merge_fragments(self._header_cells, tokens)
            if merged is not None:
                return self._set_header(self.header_open, merged)
        pending, self.header_fragments = self.header_fragments, []
        if pending and blank:
            # a header whose every label the line broke (总/计, 商业企/业):
            # the line above held only fragments
            merged = _merge_fragments(pending, tokens)
            kinds = {_column_kind(_norm(c)) for c in merged or ()} - {None, "shared"}
            if len(kinds) == 1:
                return self._set_header(kinds.pop(), merged)
            if merged and all(_starts_label(_norm(c)) for c in merged):
                self.header_fragments = merged   # 行政 / 行政 of 行/政/复/议 over four lines
                return False
        kinds = {_column_kind(_norm(c)) for c in tokens} - {None}
        if blank and not kinds - {"shared"} and len(tokens) >= 2 and all(
                len(_norm(c)) <= 6 and (len(tokens) >= 3 or _starts_label(_norm(c))) for c in tokens):
            self.header_fragments = tokens
        specific = kinds - {"shared"}
        has_numbers = _has_numbers(row)
        if len(specific) == 1:
            table = specific.pop()
        elif not specific and kinds and not has_numbers and self.header_open:
            table = self.header_open          # 其他 / 总计 on a header's last row
        else:
            return False
        if has_numbers and not _SLOT_BUILDERS[table](tokens):
            return False                       # 行政复议 | 72 | 64 …: a row, not a header
        cells = (self._header_cells + tokens) if self.header_open == table else tokens
        return self._set_header(table, cells)

    def _set_header(self, table: str, cells: list[Cell]) -> bool:
        if all(None not in (c.x0, c.x1) for c in cells):
            cells = sorted(cells, key=lambda c: c.x0)     # printed order, left to right
        slots = _SLOT_BUILDERS[table](cells)
        self._header_cells = cells
        if slots:
            self.slots[table] = slots
            fuzzy = {(table, s.cell.text, s.key) for s in slots if s.match != "exact"}
            if self.header_open == table and self.fuzzy_columns:
                self.fuzzy_columns[-1] = fuzzy     # a header read over several lines: its last reading
            else:
                self.fuzzy_columns.append(fuzzy)
        self.header_open = table
        self.context = table
        self.result.tables_found.add(table)
        return True

    def _row_label(self, row: Row):
        """(table, row key) of the innermost recognised row label."""
        for cell in reversed(row.labels):
            found = self._label_in(cell)
            if found:
                return found
        return None

    def _label_in(self, cell: Cell):
        """The row label a label cell ends with: the whole cell, else its last
        space-separated part (三、本年度办理结果  (一)予以公开)."""
        whole = _norm(cell)
        parts = [normalize_label(p) for p in reversed(cell.text.split())]
        # a bare 其他/总计 is a row only as a whole cell, not as a fragment of a longer one
        parts = [p for p in parts if p == whole or _column_kind(p) != "shared"]
        for text in dict.fromkeys([whole, *parts]):
            if not text or len(text) > _MAX_LABEL:
                continue
            label = _match(schema.ACTIVE_ROWS, text)
            if label:
                return "active", label.key
            label = _match(schema.APPLICATIONS_ROWS, text)
            if label:
                if label.key == "other.misc" and self.context != "applications":
                    continue
                return "applications", label.key
            group = _match(schema.APPEALS_GROUPS, text)
            if group and self.context == "appeals":
                return "appeals", group.key
        return None

    def _joined(self, *rows: Row):
        """The row label that rows' innermost labels make together (a label
        cut by a page break or a line)."""
        text = "".join(r.labels[-1].text for r in rows if r.labels)
        return self._row_label(Row([Cell(text)])) if text else None

    def _row(self, row: Row) -> None:
        if len(row.labels) == 1 and not row.values and _PAGE_NUMBER.match(_norm(row.labels[0])):
            return                             # a page's number between two parts of a table
        split = self._header_then_row(row)
        if split:
            for part in split:
                self._row(part)
            return
        for cell in row.labels:
            title = _table_title(_norm(cell))
            if title:
                self.context = title
                self.header_open = None
                if self.partial and self.partial[0] != title:
                    self.partial = None
        if row.labels and self._header(row):
            printed = [v for v in row.values if v.text.strip()]
            if self.context == "appeals" and (_has_numbers(row) or len(printed) >= 3):
                self._assign("appeals", None, row, row.values)
            return
        if self.header_fragments:
            return                             # the first line of a broken header
        self.header_open = None
        awaiting, self.awaiting = self.awaiting, None
        numbers = _has_numbers(row)
        found = self._row_label(row)
        if self.orphan and row.values and row.labels and not self._label_in(row.labels[-1]):
            joined = self._joined(self.orphan.row, row)
            if joined and self._is_continuation(row, joined[1]):                         # a label cut by a page break, values on both sides
                orphan, self.orphan = self.orphan, None
                self._recognised(joined, orphan.row)
                if not self._continue(joined, row):
                    self.unplaced.append(_Unplaced(self.seq, joined[0], self.group, row, self.slots.get(joined[0])))
                return
        if self.orphan and not numbers:
            joined = self._joined(self.orphan.row, row)
            if joined and (found is None or found == joined and self._head_of(self.orphan.row, joined[1])):
                # the label went on below its values
                found, row, self.orphan = joined, self.orphan.row, None
        inner = self._label_in(row.labels[-1]) if row.labels else None
        if found and not inner and self._most_like(_norm(row.labels[-1])) not in (None, found[1]):
            found = None                       # （六）其他处理 | a damaged 1.逾期不补正 row: the inner label decides
        if not inner and numbers and self.partial and self._is_continuation(row, self.partial[1]):
            table, key, label_row = self.partial
            if (self._is_tail(row) or self._joined(label_row, row) == (table, key)) and \
                    self._continue((table, key), row):
                return
        if not found and row.values and row.labels:
            for fragment in reversed(self.fragments):
                found = self._joined(fragment, row)
                if found:                      # the label began above, the values stand with its end
                    self.unplaced = [u for u in self.unplaced if u.row is not fragment]
                    break
        if found:
            self._settle_orphan()
            self._recognised(found, row)
            return
        if awaiting and numbers:
            table, key = awaiting              # values printed beside the label's second line
            for fact_key in self.provisional.pop(awaiting, ()):
                del self.result.facts[fact_key]
            self._assign(table, key, row, row.values)
            return
        self._note_group(row)
        if any(_table_title(_norm(c)) for c in row.labels):
            return                             # a table's title, with a page number or a unit beside it
        stray = not row.labels and sum(bool(v.text.strip()) for v in row.values) < 3   # a page number
        if numbers and not stray and self.context in ("applications", "active") and not self._is_subtotal(row):
            self._settle_orphan()
            self.orphan = _Unplaced(self.seq, self.context, self.group, row, self.slots.get(self.context))
            self.orphan_wait = _ORPHAN_ROWS
            return
        if row.labels and row.values and not numbers and self._resembles_row(row):
            # a damaged label with blank cells: placed by most of its characters only
            self.unplaced.append(_Unplaced(self.seq, self.context, self.group, row, self.slots.get(self.context)))
        if row.labels and not numbers:
            self.fragments = [*self.fragments[-2:], row]
            if self.orphan:
                self.orphan_wait -= 1
                if self.orphan_wait <= 0:
                    self._settle_orphan()
        if self.context == "appeals" and "appeals" in self.slots and not row.labels \
                and len(row.values) >= 3 and not any(k.startswith("appeals.") for k in self.result.facts):
            self._assign("appeals", None, row, row.values)

    def _recognised(self, found: tuple[str, str], row: Row) -> None:
        """Read a row whose label is recognised; one with blank cells may
        go on below a page break (``partial``)."""
        self.fragments.clear()
        table, key = found
        self.context = table
        self.group = key.split(".")[0] if "." in key else None
        self.result.tables_found.add(table)
        self.partial = None
        if row.values and (any(v.text.strip() for v in row.values) or any(_on_grid(v) for v in row.values)):
            self.seen.append((self.seq, table, key))
            self._assign(table, key, row, row.values)
            if any(f.value is None for f in self._facts_of(table, key).values()):
                self.partial = (table, key, row)
        elif table in self.slots:
            self.seen.append((self.seq, table, key))
            self._await_values(table, key)
            self.partial = (table, key, row)
            if self.last_values and all(_on_grid(v) for v in self.last_values):
                self.spanned.add((table, key))  # a grid row with no cell of its own: merged from above
        if row.values:
            self.last_values = row.values

    def _facts_of(self, table: str, key: str) -> dict[str, FactValue]:
        prefix = f"{table}.{key}."
        return {k: f for k, f in self.result.facts.items()
                if k.startswith(prefix) and k.count(".") == prefix.count(".")}

    def _is_continuation(self, row: Row, key: str | None = None) -> bool:
        """A row that may be the rest of one a page break cut (of ``key``,
        if given): values, and a label with no number of its own that is no
        group or subtotal, and no more like another row's label."""
        if not row.values or not row.labels or self._is_subtotal(row):
            return False
        text = _norm(row.labels[-1])
        if labels.numbering(text) is not None or labels.group_of(text):
            return False
        return self._is_tail(row) or self._most_like(text) in (None, key)

    def _head_of(self, row: Row, key: str) -> bool:
        """Whether a row's label may be the start of row ``key``'s label,
        not most like another row's."""
        return not row.labels or self._most_like(_norm(row.labels[-1])) in (None, key)

    def _most_like(self, text: str) -> str | None:
        """The row of the current table whose label the text is most like, if
        it is like any."""
        if self.context not in ("applications", "active"):
            return None
        rows = self._row_labels(self.context)
        best = max(rows, key=lambda k: labels.similarity(text, rows[k]))
        return best if labels.similarity(text, rows[best]) >= _FUZZY_ROW else None

    def _continue(self, found: tuple[str, str], row: Row) -> bool:
        """The rest of a row cut by a page break: its values fill the cells
        the first part left blank; False (nothing done) when they clash with
        a printed value: then it is no continuation."""
        table, key = found
        mine = self._facts_of(table, key)
        facts, errors = self.result.facts, self.result.errors
        self.result.facts, self.result.errors = {}, []
        try:
            self._assign(table, key, row, row.values)
            rest = self.result.facts
        finally:
            self.result.facts, self.result.errors = facts, errors
        if any(f.value is not None and mine.get(k) is not None and mine[k].value is not None
               for k, f in rest.items()):
            return False
        for k, f in rest.items():
            if k not in mine or mine[k].value is None and f.value is not None:
                facts[k] = f
        self.partial = None
        return True

    def _header_then_row(self, row: Row) -> tuple[Row, Row] | None:
        """A flattened header run on into the next row's label, which no
        row label recognised (信息内容 本年处理决定数量 行正许可 0): the
        header, then the row."""
        if len(row.labels) < 3 or not _has_numbers(row) or any(_on_grid(c) or c.x0 is not None for c in row.labels):
            return None
        *head, last = _header_tokens(row)
        if _column_kind(_norm(last)) or not any(_column_kind(_norm(c)) for c in head):
            return None
        return Row(head, []), Row([last], row.values)

    def _resembles_row(self, row: Row) -> bool:
        """Whether a row's label is most of a row label of its table."""
        if self.context not in ("applications", "active"):
            return False
        text = _norm(row.labels[-1])
        return len(text) <= _MAX_LABEL and not labels.group_of(text) and self._most_like(text) is not None

    def _is_tail(self, row: Row) -> bool:
        """A label of a few characters and no number: the end of a label
        a page break cut (``开`` under ``（一）予以公``)."""
        text = _norm(row.labels[-1]) if row.labels else ""
        return 0 < len(text) <= 4 and labels.numbering(text) is None

    def _is_subtotal(self, row: Row) -> bool:
        """A 小计 row some tables add under a group: no fact of the format."""
        return bool(row.labels) and _any(_IGNORED_COLUMNS, normalize_label(row.labels[-1].text))

    def _note_group(self, row: Row) -> None:
        """A group label (（三）不予公开, damaged or not) on a row of its own
        or in a merged cell: the rows below are in that group."""
        if self.context != "applications":
            return
        for cell in row.labels:
            text = _norm(cell)
            if len(text) <= 12:
                group = labels.group_of(text)
                if group:
                    self.group = group

    def _settle_orphan(self) -> None:
        """An unfinished label that nothing completed: identified at the end
        by its number, its place and most of its characters."""
        if self.orphan is not None:
            self.unplaced.append(self.orphan)
            self.orphan = None

    def _await_values(self, table: str, key: str) -> None:
        """A row label with nothing beside it (an unruled table or plain
        text prints no blank cells): a blank row (null), unless its values
        stand beside the label's next line."""
        before = set(self.result.facts)
        label = Row([Cell("")])
        slots = self.slots[table]
        self._assign(table, key, label, [Cell("", c.cell.page, c.cell.table, c.cell.row, None, 1,
                                              c.cell.x0, c.cell.x1) for c in slots])
        self.provisional = {(table, key): set(self.result.facts) - before}
        self.awaiting = (table, key)

    def _assign(self, table: str, row_key: str | None, row: Row, values: list[Cell],
                slots: list[Slot] | None = None, match: str = "exact") -> None:
        slots = slots or self.slots.get(table)
        if table == "active":
            wanted = dict(schema.ACTIVE_CELLS["2019"]).get(row_key, ()) + \
                dict(schema.ACTIVE_CELLS["2021"]).get(row_key, ())
            if not slots or not any(s.key in wanted for s in slots):
                slots = _default_slots("active", self.template or "2021", row_key)
        elif not slots:
            slots = _default_slots(table, self.template or "2021")
        if table == "appeals" and row_key is not None:
            columns = []
            for s in slots:
                if s.key not in [c.key for c in columns]:
                    columns.append(Slot(s.key, s.cell, match=s.match))
            slots = [Slot(s.key, s.cell, row_key, match=s.match) for s in columns]
        placed = place(values, slots, self.widths)
        if placed is None and (table == "applications" or table == "appeals" and row_key is None):
            # a header the reader broke beyond repair: the national format's column order
            placed = _place_in_sequence(values, _default_slots(table, "2021"))
            match = "position"
        label = " ".join(c.text for c in row.labels).strip() or table
        if placed is None:
            self.result.errors.append(
                f"{table} row {label[:40]!r}: {len(values)} values for {len(slots)} columns; row skipped")
            return
        for slot, cell in placed:
            if slot.key is None:
                continue
            if table == "appeals":
                if not slot.group:
                    continue
                key = f"appeals.{slot.group}.{slot.key}"
            else:
                key = f"{table}.{row_key}.{slot.key}"
            if key not in schema.FACTS or key in self.result.facts:
                continue
            money_unit = (slot.unit or "万元") if key in schema.MONEY_KEYS else None
            value = read_value(cell.text, money_unit=money_unit)
            how = max(match, slot.match, key=_MATCH_RANK.get)
            self.result.facts[key] = FactValue(key, value.value, cell.text, cell.location(), how)

    # --- rows not recognised by their label ---------------------------------

    def _order(self, table: str) -> list[str]:
        """The table's row keys in the national format's order, with only
        the （六） form this report prints (or may print)."""
        if table == "active":
            keys = [r.key for r in schema.ACTIVE_ROWS]
            return keys if self.template == "2019" else [k for k in keys if k in dict(schema.ACTIVE_CELLS["2021"])]
        keys = [r.key for r in schema.APPLICATIONS_ROWS]
        printed = {k for _, t, k in self.seen if t == table}
        if "other" in printed or self.template == "2019" and not any(k.startswith("other.") for k in printed):
            return [k for k in keys if not k.startswith("other.")]
        if any(k.startswith("other.") for k in printed):
            return [k for k in keys if k != "other"]
        return keys

    def _gap(self, item: _Unplaced, order: list[str], done: set[str]) -> tuple[list[str], tuple]:
        """The keys that may stand where the row stands: between the rows
        recognised before and after it, not taken yet."""
        before = [(s, k) for s, t, k in self.seen if t == item.table and s < item.seq and k in order]
        after = [(s, k) for s, t, k in self.seen if t == item.table and s > item.seq and k in order]
        lo = order.index(max(before)[1]) + 1 if before else 0
        hi = order.index(min(after)[1]) if after else len(order)
        window = (max(before)[0] if before else None, min(after)[0] if after else None)
        return [k for k in order[lo:hi] if k not in done], window

    def _row_labels(self, table: str):
        return {r.key: r for r in (schema.ACTIVE_ROWS if table == "active" else schema.APPLICATIONS_ROWS)}

    def _identify(self, item: _Unplaced, order: list[str], done: set[str]) -> tuple[str, str] | None:
        """(row key, how) for a row no label recognised: by most of its
        label's characters, its number within its group, its place between
        the rows recognised, and, between equally likely keys, the one that
        makes the 勾稽 identities hold."""
        gap, window = self._gap(item, order, done)
        if not gap:
            return None
        rows = self._row_labels(item.table)
        text = item.row.labels[-1].text if item.row.labels else ""
        number = labels.numbering(text)
        group = item.group or (gap[0].split(".")[0] if "." in gap[0] else None)

        def by_number(key: str) -> bool:
            if not number or number[0] != "item" or not group:
                return False
            members = labels.group_rows(group)
            return 0 < number[1] <= len(members) and members[number[1] - 1] == key

        sims = {k: labels.similarity(text, rows[k]) if text else 0.0 for k in gap}
        if not _has_numbers(item.row):         # blank cells: its label is all the evidence
            best = max(gap, key=lambda k: sims[k])
            return (best, "fuzzy") if sims[best] >= _FUZZY_ROW else None
        neighbours = [u for u in self.unplaced if u.table == item.table and self._gap(u, order, set())[1] == window]
        if len(neighbours) == len(gap):        # as many rows as keys missing there: in order
            key = gap[neighbours.index(item)]
            return key, "fuzzy" if sims[key] >= _FUZZY_ROW else "position"
        numbered = [k for k in gap if by_number(k)]
        if numbered:
            return numbered[0], "fuzzy" if sims[numbered[0]] >= _FUZZY_ROW else "position"
        ranked = sorted(gap, key=lambda k: -sims[k])
        plausible = [k for k in ranked if sims[k] >= _FUZZY_ROW and sims[k] >= sims[ranked[0]] - 0.05]
        if len(plausible) == 1:
            return plausible[0], "fuzzy"
        # equally likely keys, or none by its label: the one under which the
        # identities hold, if exactly one does better than the others
        candidates = plausible or gap
        if item.table != "applications" or len(candidates) > _MAX_TRIALS:
            return None
        scores = {k: self._identities_with(item, k) for k in candidates}
        best = max(candidates, key=lambda k: scores[k])
        if scores[best] <= 0 or sum(v == scores[best] for v in scores.values()) > 1:
            return None
        return best, "fuzzy" if plausible else "position"

    def _identities_with(self, item: _Unplaced, key: str) -> int:
        """How many 勾稽 identities hold, less how many fail, if the row is ``key``."""
        before = set(self.result.facts)
        self._assign(item.table, key, item.row, item.row.values, item.slots)
        checks = run_checks(self.result.facts, {"applications"}, "")
        for added in set(self.result.facts) - before:
            del self.result.facts[added]
        return sum(c.status == "pass" for c in checks) - sum(c.status == "fail" for c in checks)

    def _resolve(self) -> None:
        self._settle_orphan()
        for table in ("applications", "active"):
            order = self._order(table)
            done = {k for _, t, k in self.seen if t == table}
            rows = self._row_labels(table)
            for item in (u for u in self.unplaced if u.table == table):
                label = item.label or "(no label)"
                found = self._identify(item, order, done)
                if found is None:
                    self.result.warnings.append(
                        f"{table} row {label[:40]!r} not identified (by label, number or place); "
                        "its values are not used")
                    continue
                key, how = found
                done.add(key)
                self.seen.append((item.seq, table, key))
                self._assign(table, key, item.row, item.row.values, item.slots, how)
                self.result.warnings.append(
                    f"{table} row {label[:40]!r} read as {rows[key].label} ({how} match)")
        for table, text, key in sorted(set().union(*self.fuzzy_columns)):
            self.result.warnings.append(
                f"{table} column {text.strip()!r} read as {_COLUMN_LABELS[table][key]} (fuzzy match)")

    def _missing_rows(self) -> None:
        """Rows of the applications table that are not there at all (a table
        cut off, a row no evidence could place): named, the rest kept."""
        facts = self.result.facts
        if "applications" not in self.result.tables_found:
            return
        printed = {k.rsplit(".", 1)[0].removeprefix("applications.") for k in facts if k.startswith("applications.")}
        missing = []
        for row in schema.APPLICATIONS_ROWS:
            if row.key == "other" or row.key.startswith("other."):
                continue
            if row.key not in printed:
                missing.append(row.label)
        if not any(k == "other" or k.startswith("other.") for k in printed):
            missing.append("三（六）其他处理")
        if missing:
            self.result.warnings.append("applications table: no row " + ", ".join(missing)
                                        + " (the table may be cut off); the other rows are kept")

    def _one_other(self) -> None:
        """（六）其他处理 whose value cells are merged over its three 2021
        rows prints one value for the three: it is （六） as a whole, the
        2019 row, not the first of the three."""
        rest = {("applications", "other.unpaid_fee"), ("applications", "other.misc")}
        if not rest <= self.spanned:
            return
        facts = self.result.facts
        for key in [k for k in facts if k.startswith("applications.other.")]:
            fact = facts.pop(key)
            if key.startswith("applications.other.no_correction."):
                new = "applications.other." + key.rsplit(".", 1)[1]
                facts[new] = FactValue(new, fact.value, fact.raw, fact.location, fact.match)
        self.result.warnings.append("applications （六）其他处理: one value merged over its three rows, "
                                    "read as （六） as a whole")

    def _finish(self) -> None:
        self._one_other()
        self._resolve()
        self._missing_rows()
        facts = self.result.facts
        # A printed （六）其他处理 subtotal above the three 2021 rows is not the 2019 row.
        if any(k.count(".") == 3 and k.startswith("applications.other.") for k in facts):
            for key in [k for k in facts if k.count(".") == 2 and k.startswith("applications.other.")]:
                del facts[key]
        template = self.template
        if template is None and self.result.tables_found:
            if any(k.startswith("applications.other.") and k.count(".") == 3 for k in facts):
                template = "2021"
            elif any(k.startswith("applications.other.") and k.count(".") == 2 for k in facts):
                template = "2019"
            else:
                template = "2021"
        self.result.template = template or "unknown"


def map_tables(doc: Document) -> Mapping:
    """Every fact the document prints, with the template its labels show."""
    return _Mapper(doc).run()
