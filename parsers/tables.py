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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import schema
from .model import Cell, Document
from .result import FactValue
from .schema import normalize_label
from .values import read_value, split_run_together

# Header labels that take up a column but carry no fact.
_IGNORED_COLUMNS = (r"^序号$", r"^小计$")
_ACTIVE_2021_MARKS = (r"本年制发", r"本年废止", r"现行有效")
_ACTIVE_2019_MARKS = (r"新制作", r"新公开", r"对外公开总", r"上一?年.*项目数", r"增.?减", r"采购项目数")
_LEGAL_PERSON_GROUP = r"^法人或者?其他组织$"
_MAX_LABEL = 60        # a cell longer than this is narrative, not a label
_PAGE_FORMATS = ("pdf", "ofd", "image")   # where a lone line's position is real geometry


@dataclass
class Slot:
    """A header column: the fact column it takes (None for 序号/小计), the
    appeals group it sits under, and where it is."""

    key: str | None
    cell: Cell
    group: str | None = None
    unit: str | None = None


@dataclass
class Row:
    """A logical table row: label cells, then value cells."""

    labels: list[Cell] = field(default_factory=list)
    values: list[Cell] = field(default_factory=list)


@dataclass
class Mapping:
    facts: dict[str, FactValue] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
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
    labels separated by spaces (``自然人 商业企业 …``)."""
    out: list[Cell] = []
    for cell in row.labels:
        tokens = cell.text.split()
        if len(tokens) > 1 and not _column_kind(_norm(cell)):
            if any(_column_kind(normalize_label(t)) for t in tokens):
                out.extend(_pieces(cell, tokens))
                continue
        out.append(cell)
    return out


@lru_cache(maxsize=65536)
def _column_kind(text: str) -> str | None:
    """Which table a header label belongs to (``shared`` for 其他/总计/序号,
    printed in several tables), or None when it is no column label."""
    if len(text) > _MAX_LABEL or re.search(r"[，。；]", text):
        return None
    if re.search(r"^(其他|总计|合计|小计|序号)$", text):
        return "shared"
    if _match(schema.APPLICATIONS_COLUMNS, text) or re.search(_LEGAL_PERSON_GROUP, text):
        return "applications"
    if _match(schema.APPEALS_COLUMNS, text) or _match(schema.APPEALS_GROUPS, text) or text == "行政诉讼":
        return "appeals"
    if _match(schema.ACTIVE_COLUMNS, text):
        return "active"
    return None


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
        col = _match(schema.ACTIVE_COLUMNS, text)
        if col:
            slots.append(Slot(col.key, cell, unit=_unit(text) if col.key == "amount" else None))
        elif _any(_IGNORED_COLUMNS, text):
            slots.append(Slot(None, cell))
    return slots


def _applications_slots(cells: list[Cell]) -> list[Slot]:
    """Leaf columns in printed order; 法人或其他组织 printed on a row above its
    five sub-columns reserves their place (flattened headers list it first)."""
    slots: list[Slot | str] = []
    for cell in cells:
        text = _norm(cell)
        if re.search(_LEGAL_PERSON_GROUP, text):
            slots.append("group")
            continue
        col = _match(schema.APPLICATIONS_COLUMNS, text)
        if col:
            slot = Slot(col.key, cell)
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
        group = _match(schema.APPEALS_GROUPS, text)
        if group:
            groups.append((group.key, cell))
            continue
        col = _match(schema.APPEALS_COLUMNS, text)
        if col:
            leaves.append(Slot(col.key, cell))
        elif _any(_IGNORED_COLUMNS, text):
            leaves.append(Slot(None, cell))
    _assign_groups(groups, leaves)
    return leaves


def _merge_fragments(above: list[Cell], row: list[Cell]) -> list[Cell] | None:
    """Header labels an unruled table broke over two lines (商业企 / 业):
    each fragment below joins the unfinished label above it that it
    completes; fragments that complete nothing (the rest of a note) are
    dropped.  None when nothing below completes a label."""
    if not row or any(None in (c.x0, c.x1) for c in row):
        return None
    below = [piece for c in row for piece in _pieces(c, c.text.split())]
    out, merged = list(above), False
    for frag in below:
        for i, cell in enumerate(out):
            if None in (cell.x0, cell.x1) or _column_kind(_norm(cell)):
                continue
            if min(cell.x1, frag.x1) > max(cell.x0, frag.x0) and \
                    _column_kind(normalize_label(cell.text + frag.text)):
                out[i] = Cell(cell.text + frag.text, cell.page, cell.table, cell.row, cell.col,
                              cell.span, min(cell.x0, frag.x0), max(cell.x1, frag.x1))
                merged = True
                break
        else:
            if _column_kind(_norm(frag)):
                out.append(frag)
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


class _Mapper:
    def __init__(self, doc: Document):
        self.doc = doc
        self.result = Mapping()
        self.template = detect_template(doc)
        self.slots: dict[str, list[Slot]] = {}
        self.header_open: str | None = None    # table whose header rows are being read
        self.context: str | None = None
        self._header_cells: list[Cell] = []
        self.orphan: Row | None = None         # values whose label is not complete yet
        self.awaiting: tuple[str, str] | None = None   # a label whose values may follow
        self.provisional: dict = {}            # the nulls given to it meanwhile
        self.widths: dict = {}
        for row in doc.rows:
            for c in row:
                if c.table is not None and c.col is not None:
                    self.widths[c.table] = max(self.widths.get(c.table, 0), c.col + c.span)

    def run(self) -> Mapping:
        for row in logical_rows(self.doc):
            self._row(row)
        self._finish()
        return self.result

    def _header(self, row: Row) -> bool:
        """Read a header row (column labels, no numbers unless the row is a
        flattened header followed by its values); False if it is none."""
        tokens = _header_tokens(row)
        if self.header_open and not any(v.text.strip() for v in row.values):
            merged = _merge_fragments(self._header_cells, tokens)
            if merged is not None:
                return self._set_header(self.header_open, merged)
        kinds = {_column_kind(_norm(c)) for c in tokens} - {None}
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

    def _row(self, row: Row) -> None:
        for cell in row.labels:
            title = _table_title(_norm(cell))
            if title:
                self.context = title
                self.header_open = None
        if row.labels and self._header(row):
            printed = [v for v in row.values if v.text.strip()]
            if self.context == "appeals" and (_has_numbers(row) or len(printed) >= 3):
                self._assign("appeals", None, row, row.values)
            return
        self.header_open = None
        orphan, self.orphan = self.orphan, None
        awaiting, self.awaiting = self.awaiting, None
        found = self._row_label(row)
        if not found and orphan and not _has_numbers(row):
            found = self._row_label(Row([Cell("".join(c.text for c in orphan.labels + row.labels))]))
        if found:
            table, key = found
            self.context = table
            self.result.tables_found.add(table)
            if orphan and not _has_numbers(row):
                row = orphan                   # the label went on below its values
            if row.values:
                self._assign(table, key, row, row.values)
            elif table in self.slots:
                self._await_values(table, key)
            return
        if awaiting and _has_numbers(row):
            table, key = awaiting              # values printed beside the label's second line
            for fact_key in self.provisional.pop(awaiting, ()):
                del self.result.facts[fact_key]
            self._assign(table, key, row, row.values)
            return
        if row.labels and _has_numbers(row):
            self.orphan = row
        if self.context == "appeals" and "appeals" in self.slots and not row.labels \
                and len(row.values) >= 3 and not any(k.startswith("appeals.") for k in self.result.facts):
            self._assign("appeals", None, row, row.values)

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

    def _assign(self, table: str, row_key: str | None, row: Row, values: list[Cell]) -> None:
        slots = self.slots.get(table)
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
                    columns.append(Slot(s.key, s.cell))
            slots = [Slot(s.key, s.cell, row_key) for s in columns]
        placed = place(values, slots, self.widths)
        if placed is None and (table == "applications" or table == "appeals" and row_key is None):
            # a header the reader broke beyond repair: the national format's column order
            placed = _place_in_sequence(values, _default_slots(table, "2021"))
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
            self.result.facts[key] = FactValue(key, value.value, cell.text, cell.location())

    def _finish(self) -> None:
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
